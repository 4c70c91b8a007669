import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { RequestsView } from "@/components/metrics/requests-view";
import { Prefetched } from "@/components/query/prefetched";
import { getRequests } from "@/lib/analytics/dimensions";
import { windowOf, windowParams } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Requests" };

export default dataPage("requests", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  const resolved = windowOf(window);
  return (
    <Prefetched projectId={project.id} views={[{ view: "requests", params: window, load: () => getRequests(db, project.id, resolved) }]}>
      <RequestsView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} bucketMs={resolved.bucketMs} />
    </Prefetched>
  );
});
