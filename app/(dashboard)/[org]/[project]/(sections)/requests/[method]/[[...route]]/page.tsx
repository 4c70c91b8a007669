import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { RouteDetailView } from "@/components/metrics/requests-view";
import { Prefetched } from "@/components/query/prefetched";
import { getRequests } from "@/lib/analytics/dimensions";
import { windowOf, windowParams } from "@/lib/analytics/window";

type Params = { params: Promise<{ org: string; project: string; method: string; route?: string[] }> };

/** /requests/GET/api/items/[id] → GET and "/api/items/[id]" (see routePath). */
async function routeOf(params: Params["params"]) {
  const { method, route } = await params;
  return { method: decodeURIComponent(method).toUpperCase(), route: `/${(route ?? []).map(decodeURIComponent).join("/")}` };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { method, route } = await routeOf(params);
  return { title: `${method} ${route}` };
}

export default async function RoutePage(props: Params & { searchParams: Promise<Record<string, string | undefined>> }) {
  const { method, route } = await routeOf(props.params);
  const Page = dataPage("requests", async ({ org, project, db, searchParams }) => {
    const window = windowParams(searchParams);
    const resolved = windowOf(window);
    return (
      <Prefetched projectId={project.id} views={[{ view: "requests", params: { ...window, method, route }, load: () => getRequests(db, project.id, resolved, { method, route }) }]}>
        <RouteDetailView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} bucketMs={resolved.bucketMs} method={method} route={route} />
      </Prefetched>
    );
  });
  return <Page params={props.params} searchParams={props.searchParams} />;
}
