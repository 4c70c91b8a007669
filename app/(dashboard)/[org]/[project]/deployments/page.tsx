import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Deployments"
      description="Every deployment, its outcome and how long it took."
      types={["deployment"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "A timeline of deployments with status, branch, commit and duration",
      "Success rate, average and p95 duration, by-day counts and framework distribution",
      "Filters by status, environment and branch",
      ]}
    />
  );
}
