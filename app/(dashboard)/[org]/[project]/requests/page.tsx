import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Requests"
      description="Latency and errors of your API routes."
      types={["request"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Request count per route and method",
      "p50 / p95 / p99 latency, 4xx and 5xx rates",
      "Each route's series over the chosen window",
      ]}
    />
  );
}
