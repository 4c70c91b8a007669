import type { Metadata } from "next";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { requireProject } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Web Vitals" };

export default async function VitalsPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  return (
    <AwaitingData
      title="Web Vitals"
      description="Real-user performance of your pages."
      types={["vital"]}
      keysHref={`/${org.slug}/${project.slug}/settings/keys`}
      willShow={[
      "p75 of LCP, INP, CLS, FCP and TTFB per route",
      "Good / needs-improvement / poor shares (web.dev thresholds)",
      "Trends over the chosen window",
      ]}
    />
  );
}
