import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { DeploymentsView, type DeploymentFilterState } from "@/components/deployments/deployments-view";
import { Prefetched } from "@/components/query/prefetched";
import { cursorFromUrl } from "@/lib/pagination";
import { DEPLOYMENTS_CURSOR, deploymentsQuery, getDeploymentList } from "@/lib/analytics/deployments";
import { getOverview } from "@/lib/analytics/overview";
import { windowOf, windowParams } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Deployments" };

/**
 * Filters from the URL. A plain GET form sends empty selects as `status=`, and a
 * hand-edited URL may hold anything: each bad or empty value (a mangled cursor included)
 * falls back to "no filter" rather than an error page.
 */
function filtersOf(searchParams: Record<string, string | undefined>): DeploymentFilterState {
  const field = <K extends "status" | "environment" | "branch" | "cursor">(key: K) => {
    const parsed = deploymentsQuery.shape[key].safeParse(searchParams[key] || undefined);
    return parsed.success ? parsed.data : undefined;
  };
  return { status: field("status"), environment: field("environment"), branch: field("branch"), cursor: cursorFromUrl(DEPLOYMENTS_CURSOR, field("cursor")) };
}

export default dataPage("deployments", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  const filters = filtersOf(searchParams);
  const params = { ...window, ...filters };
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "deployments", params, load: () => getDeploymentList(db, project.id, deploymentsQuery.parse(params)) },
        { view: "overview", params: window, load: () => getOverview(db, project.id, windowOf(window)) },
      ]}
    >
      <DeploymentsView projectId={project.id} window={window} filters={filters} basePath={`/${org.slug}/${project.slug}/deployments`} />
    </Prefetched>
  );
});
