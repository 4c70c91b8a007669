import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Alerts"
      description="Rules that watch your telemetry and notify you."
      types={["error", "invocation"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "Alert rules on error counts, latency, error rates, deployments, logs, vitals and heartbeats",
      "Incidents, firing and resolved, newest first, with acknowledgement",
      "Notifications through webhooks, Slack, e-mail and the in-app inbox",
      ]}
    />
  );
}
