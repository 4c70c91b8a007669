import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { ErrorsView, type IssueFilters } from "@/components/errors/errors-view";
import { Prefetched } from "@/components/query/prefetched";
import { issuesCursor, listIssues, listIssuesQuery } from "@/lib/analytics/issues";
import { getOverview } from "@/lib/analytics/overview";
import { windowOf, windowParams } from "@/lib/analytics/window";
import { cursorFromUrl } from "@/lib/pagination";

export const metadata: Metadata = { title: "Errors" };

export default dataPage("errors", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  // A hand-edited URL with bad filter values falls back to the defaults, and a bad cursor to
  // the first page, rather than an error page.
  const parsed = listIssuesQuery.safeParse({ status: searchParams.status, q: searchParams.q || undefined, sort: searchParams.sort, cursor: searchParams.cursor });
  const query = parsed.success ? parsed.data : listIssuesQuery.parse({});
  const cursor = cursorFromUrl(issuesCursor(query.sort), query.cursor);
  const filters: IssueFilters = { status: query.status ?? "unresolved", sort: query.sort, q: query.q, cursor };
  const params = { ...window, ...filters };
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "overview", params: window, load: () => getOverview(db, project.id, windowOf(window)) },
        { view: "issues", params, load: () => listIssues(db, project.id, listIssuesQuery.parse(params)) },
      ]}
    >
      <ErrorsView projectId={project.id} window={window} filters={filters} basePath={`/${org.slug}/${project.slug}`} />
    </Prefetched>
  );
});
