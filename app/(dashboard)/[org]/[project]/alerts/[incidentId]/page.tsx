import type { Metadata } from "next";
import { IncidentDetailView } from "@/components/alerts/incident-detail-view";
import { getIncident } from "@/lib/alerts/incidents";
import { getRule } from "@/lib/alerts/rules";
import { orNotFound, requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Incident" };

type Props = { params: Promise<{ org: string; project: string; incidentId: string }> };

/** One incident of the project; a missing one and another tenant's are the same 404. */
export default async function IncidentPage({ params }: Props) {
  const { org: orgSlug, project: projectSlug, incidentId } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  const incident = await orNotFound(getIncident(db, project.id, incidentId));
  // The rule may be gone (deleted rules keep their incidents) or gone in between the two reads.
  const rule = incident.rule.id ? await getRule(db, project.id, incident.rule.id).catch((err) => (err instanceof NotFoundError ? null : Promise.reject(err))) : null;
  return <IncidentDetailView incident={incident} rule={rule} projectId={project.id} basePath={`/${org.slug}/${project.slug}`} canEdit={can(role, "triage")} />;
}
