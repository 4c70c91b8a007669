import { sectionMetadata } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { AlertsView } from "@/components/alerts/alerts-view";
import { FIRING_PARAMS, RESOLVED_PARAMS } from "@/components/alerts/params";
import { Prefetched } from "@/components/query/prefetched";
import { listIncidents } from "@/lib/alerts/incidents";
import { PRESETS } from "@/lib/alerts/presets";
import { listRules } from "@/lib/alerts/rules";
import { hasTelemetry } from "@/lib/analytics/overview";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";

export const metadata = sectionMetadata("alerts");

type Props = { params: Promise<{ org: string; project: string }> };

/**
 * The Alerts page works from a project's first minute, telemetry or not: rules are what a
 * new project sets up before its first event. Each list is prefetched as its endpoint
 * answers it (GET /alert-rules, /alerts, /alert-rule-presets).
 */
export default async function AlertsPage({ params }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  const limit = (p: { limit: string }) => Number(p.limit);
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "alert-rules", params: {}, load: async () => ({ data: await listRules(db, project.id), nextCursor: null }) },
        { view: "alerts", params: FIRING_PARAMS, load: () => listIncidents(db, project.id, { status: "firing", limit: limit(FIRING_PARAMS) }) },
        { view: "alerts", params: RESOLVED_PARAMS, load: () => listIncidents(db, project.id, { status: "resolved", limit: limit(RESOLVED_PARAMS) }) },
        { view: "alert-rule-presets", params: {}, load: async () => ({ data: PRESETS }) },
      ]}
    >
      <AlertsView
        projectId={project.id}
        basePath={`/${org.slug}/${project.slug}`}
        canEdit={can(role, "triage")}
        canManageKeys={can(role, "manageKeys")}
        role={role}
        hasTelemetry={await hasTelemetry(db, project.id)}
      />
    </Prefetched>
  );
}
