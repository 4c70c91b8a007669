import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { alertRules, alertStatesTable, channels, type AlertRuleRow, type Project } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isStorableText } from "@/lib/text";
import { closeIncidentsOfRule } from "./incidents";
import { resolveRule, type RuleDefinition } from "./rule-input";

/** A stored rule as the evaluator and the API see it. */
export function definitionOf(row: AlertRuleRow): RuleDefinition {
  return {
    name: row.name,
    metric: row.metric,
    filter: row.filter,
    groupBy: row.groupBy,
    aggregation: row.aggregation,
    comparator: row.comparator,
    threshold: row.threshold,
    resolveThreshold: row.resolveThreshold,
    windowMinutes: row.windowMinutes,
    compareTo: row.compareTo,
    minSamples: row.minSamples,
    pendingMinutes: row.pendingMinutes,
    renotifyMinutes: row.renotifyMinutes,
    severity: row.severity,
    noData: row.noData,
    notifyOnResolve: row.notifyOnResolve,
    mutedUntil: row.mutedUntil,
    enabled: row.enabled,
    channelIds: row.channelIds,
  };
}

export interface RuleStatus {
  /** The worst state of the rule's series: firing, pending or ok. */
  state: "ok" | "pending" | "firing";
  /** Series firing (groups of a grouped rule). */
  firing: number;
  value: number | null;
  note: string | null;
  evaluatedAt: string | null;
  /** The last values of the rule's one series (ungrouped rules), oldest first. */
  recent: number[];
}

export type AlertRule = Omit<RuleDefinition, "mutedUntil"> & {
  id: string;
  mutedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  status: RuleStatus;
};

function toRule(row: AlertRuleRow, status?: RuleStatus): AlertRule {
  const def = definitionOf(row);
  const base = status ?? { state: "ok" as const, firing: 0, value: null, note: null, evaluatedAt: null, recent: [] };
  return {
    id: row.id,
    ...def,
    mutedUntil: def.mutedUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    // A grouped or occurrence rule keeps state rows only for series that are not ok, so a calm
    // one has none: the minute the tick last judged it is the rule's own `evaluated_through`.
    status: { ...base, evaluatedAt: base.evaluatedAt ?? row.evaluatedThrough?.toISOString() ?? null },
  };
}

/** The project's built-in inbox channel, created on first need (every project has one). */
export async function inboxChannelId(db: Db, projectId: string): Promise<string> {
  await db.insert(channels).values({ id: newId("chn"), projectId, type: "inbox", name: "In-app inbox" }).onConflictDoNothing();
  const [row] = await db.select({ id: channels.id }).from(channels).where(and(eq(channels.projectId, projectId), eq(channels.type, "inbox")));
  return row.id;
}

/** Channel ids must name channels of this project; another project's is as unknown as a made-up one. */
async function assertChannels(db: Db, projectId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const wellFormed = ids.filter((id) => isStorableText(id));
  const found = wellFormed.length
    ? await db.select({ id: channels.id }).from(channels).where(and(eq(channels.projectId, projectId), inArray(channels.id, wellFormed)))
    : [];
  const known = new Set(found.map((c) => c.id));
  const errors = ids.flatMap((id, i) => (known.has(id) ? [] : [{ pointer: `/channelIds/${i}`, message: "No such channel in this project" }]));
  if (errors.length) throw new ValidationError(errors, errors[0].message);
}

async function statusesOf(db: Db, ruleIds: string[]): Promise<Map<string, RuleStatus>> {
  const out = new Map<string, RuleStatus>();
  if (!ruleIds.length) return out;
  const rows = await db.select().from(alertStatesTable).where(inArray(alertStatesTable.ruleId, ruleIds));
  const rank = { ok: 0, pending: 1, firing: 2 } as const;
  for (const r of rows) {
    const s = out.get(r.ruleId) ?? { state: "ok" as const, firing: 0, value: null, note: null, evaluatedAt: null, recent: [] };
    if (rank[r.state] > rank[s.state]) s.state = r.state;
    if (r.state === "firing") s.firing++;
    if (r.groupKey === "") Object.assign(s, { value: r.value, note: r.note, recent: r.recent });
    if (!s.evaluatedAt || r.evaluatedAt.toISOString() > s.evaluatedAt) s.evaluatedAt = r.evaluatedAt.toISOString();
    out.set(r.ruleId, s);
  }
  return out;
}

export async function listRules(db: Db, projectId: string): Promise<AlertRule[]> {
  const rows = await db.select().from(alertRules).where(eq(alertRules.projectId, projectId)).orderBy(asc(alertRules.createdAt), asc(alertRules.id));
  const statuses = await statusesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRule(r, statuses.get(r.id)));
}

async function ruleRow(db: Db, projectId: string, ruleId: string): Promise<AlertRuleRow> {
  if (!isStorableText(ruleId)) throw new NotFoundError("alert rule");
  const [row] = await db.select().from(alertRules).where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, ruleId)));
  if (!row) throw new NotFoundError("alert rule");
  return row;
}

export async function getRule(db: Db, projectId: string, ruleId: string): Promise<AlertRule> {
  const row = await ruleRow(db, projectId, ruleId);
  return toRule(row, (await statusesOf(db, [row.id])).get(row.id));
}

type ProjectRef = Pick<Project, "id" | "orgId">;

function columnsOf(def: RuleDefinition) {
  return { ...def, filter: def.filter };
}

export async function createRule(db: Db, params: { project: ProjectRef; actor: Actor | null; body: unknown }): Promise<AlertRule> {
  const def = resolveRule(params.body);
  const { project } = params;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (!def.channelIds.length) def.channelIds = [await inboxChannelId(t, project.id)];
    else await assertChannels(t, project.id, def.channelIds);
    const [row] = await t
      .insert(alertRules)
      .values({ id: newId("rul"), projectId: project.id, ...columnsOf(def) })
      .returning();
    await recordAudit(t, { orgId: project.orgId, projectId: project.id, actor: params.actor, action: "alert_rule.created", targetType: "alert_rule", targetId: row.id, metadata: { name: row.name, metric: row.metric } });
    return toRule(row);
  });
}

export async function updateRule(db: Db, params: { project: ProjectRef; actor: Actor | null; ruleId: string; body: unknown }): Promise<AlertRule> {
  const { project } = params;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await ruleRow(t, project.id, params.ruleId);
    const before = definitionOf(row);
    const def = resolveRule(params.body, before);
    await assertChannels(t, project.id, def.channelIds);
    // A changed condition starts judging afresh: the old series' states no longer mean anything.
    const judged = (d: RuleDefinition) => JSON.stringify([d.metric, d.filter, d.groupBy, d.aggregation, d.compareTo]);
    if (before.enabled && !def.enabled) {
      await closeIncidentsOfRule(t, row.id, "rule disabled");
      await t.delete(alertStatesTable).where(eq(alertStatesTable.ruleId, row.id));
    } else if (judged(before) !== judged(def)) await t.delete(alertStatesTable).where(and(eq(alertStatesTable.ruleId, row.id), eq(alertStatesTable.state, "ok")));
    const [updated] = await t
      .update(alertRules)
      .set({ ...columnsOf(def), updatedAt: sql`now()` })
      .where(eq(alertRules.id, row.id))
      .returning();
    const changed = (Object.keys(def) as (keyof RuleDefinition)[]).filter((k) => JSON.stringify(def[k]) !== JSON.stringify(before[k]));
    await recordAudit(t, { orgId: project.orgId, projectId: project.id, actor: params.actor, action: "alert_rule.updated", targetType: "alert_rule", targetId: row.id, metadata: { name: updated.name, changed } });
    return toRule(updated, (await statusesOf(t, [row.id])).get(row.id));
  });
}

/** Deletes the rule and its states; its incidents stay readable (their rule becomes null). */
export async function deleteRule(db: Db, params: { project: ProjectRef; actor: Actor | null; ruleId: string }): Promise<void> {
  const { project } = params;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await ruleRow(t, project.id, params.ruleId);
    await closeIncidentsOfRule(t, row.id, "rule deleted");
    await t.delete(alertRules).where(eq(alertRules.id, row.id));
    await recordAudit(t, { orgId: project.orgId, projectId: project.id, actor: params.actor, action: "alert_rule.deleted", targetType: "alert_rule", targetId: row.id, metadata: { name: row.name } });
  });
}
