import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Functions" };

export default async function FunctionsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Functions"
      description="Serverless and edge function performance."
      types={["invocation"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Invocations, errors and error rate per function",
      "p50 / p95 / p99 duration and cold-start rate, sortable",
      "Each function's series over the chosen window",
      ]}
    />
  );
}
