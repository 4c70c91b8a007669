import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeploymentDetailView } from "@/components/deployments/deployment-detail-view";
import { getDeploymentBySegment } from "@/lib/analytics/deployments";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Deployment" };

type Props = { params: Promise<{ org: string; project: string; deploymentId: string }> };

/**
 * One deployment; an unknown id (or another project's) is the 404 page, answered with HTTP
 * 404: no loading boundary above this page (see (sections)/loading.tsx), so the lookup runs
 * before the response starts.
 */
export default async function DeploymentPage({ params }: Props) {
  const { org: orgSlug, project: projectSlug, deploymentId } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  const deployment = await getDeploymentBySegment(await getDb(), project.id, deploymentId);
  if (!deployment) notFound();
  const base = `/${org.slug}/${project.slug}`;
  return <DeploymentDetailView deployment={deployment} listPath={`${base}/deployments`} errorsPath={`${base}/errors`} />;
}
