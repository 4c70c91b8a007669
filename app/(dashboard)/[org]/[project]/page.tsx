import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Overview"
      description="Health of this project at a glance."
      types={["deployment", "invocation", "request", "error"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Totals and trends for deployments, function invocations, API requests and errors",
      "p50 / p95 / p99 function duration and error rates, compared with the previous period",
      "Recent deployments and the top open issues",
      ]}
    />
  );
}
