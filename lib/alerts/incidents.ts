import { and, asc, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { alertRules, incidentEvents, incidents, type AlertRuleRow, type Incident, type IncidentEventKind, type Project } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { decodeCursor, encodeCursor, type Page } from "@/lib/pagination";
import { isStorableText } from "@/lib/text";

/** API.md's incident: the rule as it was when it opened, the group, and where the value stands. */
export interface IncidentView {
  id: string;
  /**
   * The rule as it was when the incident opened, plus how the rule reads its value now
   * (`aggregation`, `compareTo`: null once the rule is deleted) — what formatValue needs to
   * print the value and threshold in their unit ("12/min", "+150%").
   */
  rule: {
    id: string | null;
    name: string;
    severity: Incident["severity"];
    metric: Incident["metric"];
    aggregation: AlertRuleRow["aggregation"] | null;
    compareTo: AlertRuleRow["compareTo"];
  };
  group: string | null;
  groupLabel: string | null;
  status: Incident["status"];
  openedAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  value: number | null;
  peak: number | null;
  threshold: number;
  comparator: Incident["comparator"];
  muted: boolean;
}

export interface IncidentDetail extends IncidentView {
  timeline: { at: string; kind: IncidentEventKind; detail: Record<string, unknown> }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An incident with its rule's reading of the value (a firing incident's rule always exists: deleting a rule closes them). */
type IncidentRow = { incident: Incident; aggregation: AlertRuleRow["aggregation"] | null; compareTo: AlertRuleRow["compareTo"] };

function selectIncidents(db: Db) {
  return db
    .select({ incident: incidents, aggregation: alertRules.aggregation, compareTo: alertRules.compareTo })
    .from(incidents)
    .leftJoin(alertRules, and(eq(alertRules.id, incidents.ruleId), eq(alertRules.projectId, incidents.projectId)));
}

function toView({ incident: i, aggregation, compareTo }: IncidentRow): IncidentView {
  return {
    id: i.id,
    rule: { id: i.ruleId, name: i.ruleName, severity: i.severity, metric: i.metric, aggregation, compareTo: compareTo ?? null },
    group: i.groupKey || null,
    groupLabel: i.groupLabel,
    status: i.status,
    openedAt: i.openedAt.toISOString(),
    resolvedAt: iso(i.resolvedAt),
    acknowledgedAt: iso(i.acknowledgedAt),
    acknowledgedBy: i.acknowledgedByEmail,
    value: i.value,
    peak: i.peak,
    threshold: i.threshold,
    comparator: i.comparator,
    muted: i.muted,
  };
}

export interface IncidentQuery {
  status?: "firing" | "resolved";
  ruleId?: string;
  limit: number;
  cursor?: string;
}

const CURSOR_KIND = "incidents";
const firstOrder = sql`(${incidents.status} = 'firing')`;

/** Firing first, then newest: the cursor carries the status rank, the opening time and the id. */
export async function listIncidents(db: Db, projectId: string, q: IncidentQuery): Promise<Page<IncidentView>> {
  const conditions: (SQL | undefined)[] = [eq(incidents.projectId, projectId)];
  if (q.status) conditions.push(eq(incidents.status, q.status));
  if (q.ruleId) conditions.push(eq(incidents.ruleId, q.ruleId));
  if (q.cursor) {
    const c = decodeCursor(CURSOR_KIND, q.cursor);
    const [rank, at] = [c.t.slice(0, 2) === "1:", new Date(c.t.slice(2))];
    if (!/^[01]:/.test(c.t) || Number.isNaN(at.getTime())) throw new ValidationError([{ pointer: "query.cursor", message: "Invalid cursor" }]);
    const same = and(sql`${firstOrder} = ${rank}`, or(lt(incidents.openedAt, at), and(eq(incidents.openedAt, at), lt(incidents.id, c.id))));
    conditions.push(rank ? or(sql`not ${firstOrder}`, same) : same);
  }
  const rows = await selectIncidents(db)
    .where(and(...conditions))
    .orderBy(desc(firstOrder), desc(incidents.openedAt), desc(incidents.id))
    .limit(q.limit + 1);
  const data = rows.slice(0, q.limit);
  const last = data.at(-1)?.incident;
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor(CURSOR_KIND, { t: `${last.status === "firing" ? 1 : 0}:${last.openedAt.toISOString()}`, id: last.id }) : null;
  return { data: data.map(toView), nextCursor };
}

async function incidentRow(db: Db, projectId: string, incidentId: string): Promise<Incident> {
  if (!isStorableText(incidentId)) throw new NotFoundError("incident");
  const [row] = await db.select().from(incidents).where(and(eq(incidents.projectId, projectId), eq(incidents.id, incidentId)));
  if (!row) throw new NotFoundError("incident");
  return row;
}

export async function getIncident(db: Db, projectId: string, incidentId: string): Promise<IncidentDetail> {
  const row = await incidentRow(db, projectId, incidentId);
  const [view] = await selectIncidents(db).where(eq(incidents.id, row.id));
  const events = await db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, row.id)).orderBy(asc(incidentEvents.id));
  return { ...toView(view), timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, detail: e.detail })) };
}

/** Stops renotification of a firing incident; recorded in its timeline and the audit log. */
export async function acknowledgeIncident(
  db: Db,
  params: { project: Pick<Project, "id" | "orgId">; incidentId: string; actor: Actor; now?: Date },
): Promise<IncidentDetail> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await incidentRow(t, params.project.id, params.incidentId);
    if (row.status !== "firing") throw new ConflictError("Only a firing incident can be acknowledged; this one is resolved.");
    if (row.acknowledgedAt) return;
    await t.update(incidents).set({ acknowledgedAt: now, acknowledgedBy: params.actor.userId, acknowledgedByEmail: params.actor.email }).where(eq(incidents.id, row.id));
    await t.insert(incidentEvents).values({ incidentId: row.id, at: now, kind: "acknowledged", detail: { by: params.actor.email } });
    await recordAudit(t, { orgId: params.project.orgId, projectId: params.project.id, actor: params.actor, action: "incident.acknowledged", targetType: "incident", targetId: row.id, metadata: { rule: row.ruleName } });
  });
  return getIncident(db, params.project.id, params.incidentId);
}

/** What GET /alerts/firing answers. */
export interface FiringSummary {
  firing: number;
  /** The worst severity among every firing incident; null when none is firing. */
  worst: Incident["severity"] | null;
  /** The first five, worst first, then newest. */
  incidents: IncidentView[];
}

const SEVERITY_RANK = sql<number>`case ${incidents.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
const RANKED_SEVERITIES = ["critical", "high", "medium", "low"] as const;

/**
 * What is firing in the project now (the Overview's banner): how many incidents, the worst
 * severity among all of them, and the first five, worst first and then newest — so a
 * critical incident is never hidden behind newer low ones.
 */
export async function firingSummary(db: Db, projectId: string): Promise<FiringSummary> {
  const isFiring = and(eq(incidents.projectId, projectId), eq(incidents.status, "firing"));
  const rows = await selectIncidents(db).where(isFiring).orderBy(SEVERITY_RANK, desc(incidents.openedAt), desc(incidents.id)).limit(5);
  const [{ n, rank }] = await db
    .select({ n: sql<number>`count(*)::int`, rank: sql<number | null>`min(${SEVERITY_RANK})` })
    .from(incidents)
    .where(isFiring);
  return { firing: n, worst: rank === null ? null : RANKED_SEVERITIES[Number(rank)], incidents: rows.map(toView) };
}

/** Resolves a rule's firing incidents when it stops being watched (deleted or disabled). */
export async function closeIncidentsOfRule(db: Db, ruleId: string, reason: string, now = new Date()): Promise<void> {
  const open = await db
    .update(incidents)
    .set({ status: "resolved", resolvedAt: now })
    .where(and(eq(incidents.ruleId, ruleId), eq(incidents.status, "firing")))
    .returning({ id: incidents.id });
  if (open.length) await db.insert(incidentEvents).values(open.map((i) => ({ incidentId: i.id, at: now, kind: "resolved" as const, detail: { reason } })));
}
