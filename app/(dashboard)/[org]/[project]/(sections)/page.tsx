import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { OverviewView } from "@/components/overview/overview-view";
import { RECENT_DEPLOYMENTS_PARAMS, TOP_ISSUES_PARAMS } from "@/components/overview/queries";
import { deploymentsQuery, getDeploymentList } from "@/lib/analytics/deployments";
import { Prefetched } from "@/components/query/prefetched";
import { firingSummary } from "@/lib/alerts/incidents";
import { listIssues, listIssuesQuery } from "@/lib/analytics/issues";
import { getOverview } from "@/lib/analytics/overview";
import { windowOf, windowParams } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Overview" };

export default dataPage("overview", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  const deploymentParams = { ...window, ...RECENT_DEPLOYMENTS_PARAMS };
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "overview", params: window, load: () => getOverview(db, project.id, windowOf(window)) },
        // GET /deployments answers this key (page, stats and facets), so the prefetch stores that very answer.
        { view: "deployments", params: deploymentParams, load: () => getDeploymentList(db, project.id, deploymentsQuery.parse(deploymentParams)) },
        { view: "issues", params: TOP_ISSUES_PARAMS, load: () => listIssues(db, project.id, listIssuesQuery.parse(TOP_ISSUES_PARAMS)) },
        // The banner: what is firing now, whatever the window.
        { view: "alerts/firing", params: {}, load: () => firingSummary(db, project.id) },
      ]}
    >
      <OverviewView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} />
    </Prefetched>
  );
});
