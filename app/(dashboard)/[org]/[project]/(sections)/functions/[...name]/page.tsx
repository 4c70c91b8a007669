import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { FunctionDetailView } from "@/components/metrics/functions-view";
import { Prefetched } from "@/components/query/prefetched";
import { getFunctions } from "@/lib/analytics/dimensions";
import { windowOf, windowParams } from "@/lib/analytics/window";

type Params = { params: Promise<{ org: string; project: string; name: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).name.map(decodeURIComponent).join("/") };
}

/** One function's page; the name comes from the URL's trailing segments. */
export default async function FunctionPage(props: Params & { searchParams: Promise<Record<string, string | undefined>> }) {
  const functionName = (await props.params).name.map(decodeURIComponent).join("/");
  const Page = dataPage("functions", async ({ org, project, db, searchParams }) => {
    const window = windowParams(searchParams);
    const resolved = windowOf(window);
    return (
      <Prefetched projectId={project.id} views={[{ view: "functions", params: { ...window, functionName }, load: () => getFunctions(db, project.id, resolved, functionName) }]}>
        <FunctionDetailView projectId={project.id} window={window} basePath={`/${org.slug}/${project.slug}`} bucketMs={resolved.bucketMs} functionName={functionName} />
      </Prefetched>
    );
  });
  return <Page params={props.params} searchParams={props.searchParams} />;
}
