import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/section-page";
import { OverviewView } from "@/components/overview/overview-view";
import { RECENT_DEPLOYMENTS_PARAMS, TOP_ISSUES_PARAMS } from "@/components/overview/queries";
import { listDeployments } from "@/lib/analytics/deployments";
import { Prefetched } from "@/components/query/prefetched";
import { listIssues, listIssuesQuery } from "@/lib/analytics/issues";
import { getOverview } from "@/lib/analytics/overview";
import { resolveSpan, windowOf, windowParams, windowQuery } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Overview" };

export default dataPage("overview", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "overview", params: window, load: () => getOverview(db, project.id, windowOf(window)) },
        {
          view: "deployments",
          params: { ...window, ...RECENT_DEPLOYMENTS_PARAMS },
          // Only the list is shown here: the page (the `data` of GET /deployments) without its stats.
          load: () => {
            const { from, to } = resolveSpan(windowQuery.parse(window));
            return listDeployments(db, project.id, { from: new Date(from), to: new Date(to) }, {}, { limit: Number(RECENT_DEPLOYMENTS_PARAMS.limit) });
          },
        },
        { view: "issues", params: TOP_ISSUES_PARAMS, load: () => listIssues(db, project.id, listIssuesQuery.parse(TOP_ISSUES_PARAMS)) },
      ]}
    >
      <OverviewView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} />
    </Prefetched>
  );
});
