import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { FunctionsView } from "@/components/metrics/functions-view";
import { Prefetched } from "@/components/query/prefetched";
import { getFunctions } from "@/lib/analytics/dimensions";
import { windowOf, windowParams } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Functions" };

export default dataPage("functions", async ({ org, project, db, searchParams }) => {
  const window = windowParams(searchParams);
  const resolved = windowOf(window);
  return (
    <Prefetched projectId={project.id} views={[{ view: "functions", params: window, load: () => getFunctions(db, project.id, resolved) }]}>
      <FunctionsView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} bucketMs={resolved.bucketMs} />
    </Prefetched>
  );
});
