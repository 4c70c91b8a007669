import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Errors" };

export default async function ErrorsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Errors"
      description="Exceptions grouped into issues."
      types={["error"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Issues grouped by fingerprint, with first and last seen, event count and trend",
      "Stack traces with in-app frames emphasised, tags and environments",
      "Resolve, ignore and regression tracking",
      ]}
    />
  );
}
