import type { Metadata } from "next";
import { dataPage } from "@/components/dashboard/awaiting-data";
import { IssueList } from "@/components/errors/issue-list";
import { PageHeader } from "@/components/ui/page-header";
import { listIssues, listIssuesQuery } from "@/lib/analytics/issues";

export const metadata: Metadata = { title: "Errors" };

export default dataPage("errors", async ({ org, project, db, searchParams }) => {
  // A hand-edited URL with bad values falls back to the defaults rather than an error page.
  const parsed = listIssuesQuery.safeParse(searchParams);
  const query = parsed.success ? parsed.data : listIssuesQuery.parse({});
  const status = query.status ?? "unresolved";
  const page = await listIssues(db, project.id, { ...query, status });
  return (
    <>
      <PageHeader title="Errors" description="Exceptions grouped into issues by fingerprint." />
      <IssueList basePath={`/${org.slug}/${project.slug}/errors`} issues={page.data} status={status} q={query.q} sort={query.sort} nextCursor={page.nextCursor} />
    </>
  );
});
