import type { Metadata } from "next";
import { IssueDetailView } from "@/components/errors/issue-detail-view";
import { getIssue } from "@/lib/analytics/issues";
import { orNotFound, requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Issue" };

type Props = { params: Promise<{ org: string; project: string; issueId: string }> };

/**
 * One issue; an unknown id (or another project's) is the 404 page, answered with HTTP 404:
 * no loading boundary above this page (see (sections)/loading.tsx), so the lookup runs
 * before the response starts.
 */
export default async function IssuePage({ params }: Props) {
  const { org: orgSlug, project: projectSlug, issueId } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const issue = await orNotFound(getIssue(await getDb(), project.id, issueId));
  return <IssueDetailView issue={issue} orgSlug={org.slug} projectSlug={project.slug} canTriage={can(role, "triage")} />;
}
