import { z } from "zod";
import { dataPage, sectionMetadata } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { Prefetched } from "@/components/query/prefetched";
import { vitalsSortParam } from "@/components/vitals/route-table";
import { VitalsView } from "@/components/vitals/vitals-view";
import { getVitals } from "@/lib/analytics/web-vitals";
import { windowOf, windowParams } from "@/lib/analytics/window";

export const metadata = sectionMetadata("vitals");

// The API's bound on `?route=`; anything else in the URL shows all routes rather than an error page.
const routeParam = z.string().min(1).max(512).optional().catch(undefined);

export default dataPage("vitals", async ({ project, db, searchParams }) => {
  const window = windowParams(searchParams);
  const route = routeParam.parse(searchParams.route);
  return (
    <Prefetched projectId={project.id} views={[{ view: "vitals", params: { ...window, route }, load: () => getVitals(db, project.id, windowOf(window), { route }) }]}>
      <VitalsView projectId={project.id} window={window} sort={vitalsSortParam(searchParams.sort)} route={route} />
    </Prefetched>
  );
});
