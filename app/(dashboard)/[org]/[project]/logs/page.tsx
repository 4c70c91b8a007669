import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Logs" };

export default async function LogsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Logs"
      description="Search your application logs."
      types={["log"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Full-text search over log messages, newest first",
      "Level filter and a live tail",
      "Expandable attributes on each line",
      ]}
    />
  );
}
