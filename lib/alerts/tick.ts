import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import {
  alertRules,
  alertStatesTable,
  channels,
  deliveries,
  inboxNotifications,
  incidentEvents,
  incidents,
  organizations,
  projects,
  type AlertRuleRow,
  type IncidentEventKind,
  type NotificationType,
} from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { MINUTE } from "@/lib/rollups/time";
import { countsEvents, METRICS } from "./catalog";
import { awaitingFirstEvent, EMPTY_TOTALS, INITIAL_STATE, readingOf, step, type Reading, type SeriesState, type Transition } from "./evaluate";
import { noticeText } from "./notices";
import { readWindows, type EvaluatedRule, type GroupTotals } from "./readings";
import { definitionOf } from "./rules";

/**
 * The live evaluation (the `alerts` job): every enabled rule once per closed minute.
 *
 * Rules are claimed in batches with FOR UPDATE SKIP LOCKED where `evaluated_through` is
 * behind the minute, and the batch's readings, state changes, incidents, timeline entries
 * and outbox rows are written in the claiming transaction, which also moves
 * `evaluated_through` forward. So ten concurrent ticks (cron retries, replicas) split the
 * rules between them, no rule is evaluated twice for a minute, and a transition queues one
 * notification per channel. A tick evaluates only the latest closed minute: after downtime,
 * the first tick judges the present once — it does not replay the missed minutes as a burst
 * of stale notifications.
 */

/** Groups one rule evaluates at most; the busiest are kept (API.md). */
export const MAX_GROUPS = 100;
/** New incidents an occurrence metric opens per evaluation at most (API.md). */
export const MAX_NEW_OCCURRENCES = 20;
/** Values kept per series for the rules list's sparkline. */
const RECENT_VALUES = 60;
/** Rules claimed per transaction: the window reads cost per batch, so batches are large. */
const BATCH = 5000;

export type TickSummary = {
  /** The closed minute evaluated (its end). */
  minute: string;
  rulesEvaluated: number;
  transitions: number;
  notifications: number;
  /** Groups past MAX_GROUPS (and occurrences past MAX_NEW_OCCURRENCES) left out. */
  groupsSkipped: number;
  durationMs: number;
};

/** An in-app path as receivers should link it: absolute on APP_URL when set. */
const linkTo = (path: string) => (env.APP_URL ? `${env.APP_URL.replace(/\/$/, "")}${path}` : path);

const isMuted = (rule: EvaluatedRule, at: number) => rule.mutedUntil !== null && rule.mutedUntil.getTime() > at;

export async function evaluateDueRules(db: Db, options: { now: Date; batchSize?: number }): Promise<TickSummary> {
  const started = Date.now();
  const end = Math.floor(options.now.getTime() / MINUTE) * MINUTE;
  const summary: TickSummary = { minute: new Date(end).toISOString(), rulesEvaluated: 0, transitions: 0, notifications: 0, groupsSkipped: 0, durationMs: 0 };
  const batch = options.batchSize ?? BATCH;
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(alertRules)
        .where(and(eq(alertRules.enabled, true), or(isNull(alertRules.evaluatedThrough), lt(alertRules.evaluatedThrough, new Date(end)))))
        .orderBy(alertRules.id)
        .limit(batch)
        .for("update", { skipLocked: true });
      if (rows.length) await evaluateBatch(tx as unknown as Db, rows, end, summary);
      return rows.length;
    });
    summary.rulesEvaluated += claimed;
    if (claimed < batch) break;
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

interface StateRow {
  ruleId: string;
  groupKey: string;
  state: SeriesState["state"];
  breachSince: Date | null;
  value: number | null;
  samples: number;
  incidentId: string | null;
  recent: number[];
}

interface OpenIncident {
  id: string;
  ruleId: string | null;
  groupKey: string;
  peak: number | null;
  lastNotifiedAt: Date | null;
  acknowledgedAt: Date | null;
}

/** The groups a rule judges this minute, each with its reading (absent groups included). */
function groupsToJudge(
  rule: EvaluatedRule,
  found: Map<string, GroupTotals> | undefined,
  held: StateRow[],
  summary: TickSummary,
): { judged: [string, Reading, string | undefined][]; summarised: [string, string | undefined][] } {
  const spec = METRICS[rule.metric];
  const known = new Set(held.map((s) => s.groupKey));
  let groups = [...(found ?? new Map<string, GroupTotals>()).entries()];
  let summarised: [string, string | undefined][] = [];
  if (spec.event) {
    // Occurrences already known are judged; at most MAX_NEW_OCCURRENCES new ones open an
    // incident each, the rest are told in one summary notice.
    const fresh = groups.filter(([g]) => !known.has(g)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (fresh.length > MAX_NEW_OCCURRENCES) {
      summary.groupsSkipped += fresh.length - MAX_NEW_OCCURRENCES;
      summarised = fresh.slice(MAX_NEW_OCCURRENCES).map(([g, t]) => [g, t.label]);
      const left = new Set(summarised.map(([g]) => g));
      groups = groups.filter(([g]) => !left.has(g));
    }
  } else if (rule.groupBy && groups.length > MAX_GROUPS) {
    summary.groupsSkipped += groups.length - MAX_GROUPS;
    groups = groups.sort((a, b) => b[1].current.count - a[1].current.count || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_GROUPS);
  }
  if (!rule.groupBy && !spec.event && !groups.some(([g]) => g === "")) groups.push(["", { current: EMPTY_TOTALS, previous: EMPTY_TOTALS }]);
  const judged: [string, Reading, string | undefined][] = groups.map(([g, t]) => [g, readingOf(rule, t.current, t.previous), t.label]);
  // A group that held a state and is gone from the window: zero events, or no data.
  const seen = new Set(groups.map(([g]) => g));
  for (const s of held) {
    if (seen.has(s.groupKey)) continue;
    const zero = spec.event || countsEvents(rule.metric, rule.aggregation);
    judged.push([s.groupKey, zero ? { value: 0, samples: 0 } : { value: null, samples: 0 }, undefined]);
  }
  return { judged, summarised };
}

async function evaluateBatch(db: Db, rows: AlertRuleRow[], end: number, summary: TickSummary): Promise<void> {
  const rules: EvaluatedRule[] = rows.map((r) => ({ ...definitionOf(r), id: r.id, projectId: r.projectId }));
  const ids = rules.map((r) => r.id);
  const projectIds = [...new Set(rules.map((r) => r.projectId))];
  const [readings, stateRows, open, projectRows, channelRows] = [
    await readWindows(db, rules, end),
    await db.select().from(alertStatesTable).where(inArray(alertStatesTable.ruleId, ids)),
    await db
      .select({ id: incidents.id, ruleId: incidents.ruleId, groupKey: incidents.groupKey, peak: incidents.peak, lastNotifiedAt: incidents.lastNotifiedAt, acknowledgedAt: incidents.acknowledgedAt })
      .from(incidents)
      .where(and(inArray(incidents.ruleId, ids), eq(incidents.status, "firing"))),
    await db
      .select({ id: projects.id, name: projects.name, slug: projects.slug, orgId: projects.orgId, orgSlug: organizations.slug })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.orgId))
      .where(inArray(projects.id, projectIds)),
    await db.select({ id: channels.id, projectId: channels.projectId, type: channels.type, name: channels.name }).from(channels).where(and(inArray(channels.projectId, projectIds), eq(channels.enabled, true))),
  ];
  const statesByRule = new Map<string, StateRow[]>();
  for (const s of stateRows) (statesByRule.get(s.ruleId) ?? statesByRule.set(s.ruleId, []).get(s.ruleId)!).push(s as StateRow);
  const incidentById = new Map<string, OpenIncident>(open.map((i) => [i.id, i]));
  const projectById = new Map(projectRows.map((p) => [p.id, p]));
  const channelById = new Map(channelRows.map((c) => [c.id, c]));

  const at = end;
  const atDate = new Date(at);
  const upserts: (typeof alertStatesTable.$inferInsert)[] = [];
  const cleared: { ruleId: string; groupKey: string }[] = [];
  const newIncidents: (typeof incidents.$inferInsert)[] = [];
  /** Open incidents' new value and peak, and whether they renotified or resolved now. */
  const incidentUpdates: { id: string; value: number | null; peak: number | null; notified: boolean; resolved: boolean }[] = [];
  const timeline: (typeof incidentEvents.$inferInsert)[] = [];
  const outbox: (typeof deliveries.$inferInsert)[] = [];
  const inbox: (typeof inboxNotifications.$inferInsert)[] = [];

  for (const rule of rules) {
    const held = statesByRule.get(rule.id) ?? [];
    const heldByGroup = new Map(held.map((s) => [s.groupKey, s]));
    const project = projectById.get(rule.projectId)!;
    const muted = isMuted(rule, at);
    const above = rule.comparator === ">" || rule.comparator === ">=";
    const targets = rule.channelIds.map((c) => channelById.get(c)).filter((c): c is NonNullable<typeof c> => c !== undefined && c.projectId === rule.projectId);
    /**
     * One outbox row per channel. The inbox is delivered here, in the transition's
     * transaction (and its outcome enters the timeline now); other channels are sent by the
     * dispatcher, which records their outcome in the timeline when it knows it.
     */
    const send = (type: NotificationType, incidentId: string | null, payload: Record<string, unknown>, text: { title: string; body: string }, kind?: IncidentEventKind) => {
      (payload.data as Record<string, unknown>).message = text;
      for (const channel of targets) {
        const inboxChannel = channel.type === "inbox";
        if (inboxChannel && incidentId && kind) timeline.push({ incidentId, at: atDate, kind, detail: { type, channel: channel.name, channelType: channel.type } });
        outbox.push({
          id: newId("dlv"),
          projectId: rule.projectId,
          channelId: channel.id,
          incidentId,
          type,
          payload,
          status: inboxChannel ? "delivered" : "pending",
          attempts: inboxChannel ? 1 : 0,
          nextAttemptAt: atDate,
          createdAt: atDate,
          deliveredAt: inboxChannel ? atDate : null,
        });
        summary.notifications++;
        if (inboxChannel) inbox.push({ id: newId("ntf"), orgId: project.orgId, projectId: project.id, incidentId, type, severity: rule.severity, title: text.title, body: text.body, createdAt: atDate });
      }
    };
    const { judged, summarised } = groupsToJudge(rule, readings.get(rule.id), held, summary);
    if (summarised.length) {
      // Known from now on (so no later minute opens them), told once, together.
      for (const [group] of summarised) {
        upserts.push({ ruleId: rule.id, groupKey: group, projectId: rule.projectId, state: "firing", breachSince: atDate, value: 1, samples: 1, note: "summarised", incidentId: null, evaluatedAt: atDate, recent: [] });
      }
      if (!muted) {
        const names = summarised.slice(0, 10).map(([g, label]) => label ?? g);
        const text = {
          title: `[FIRING · ${rule.severity}] ${rule.name}: ${summarised.length} more — ${project.name}`,
          body: `${summarised.length} more occurrences than one evaluation opens incidents for: ${names.join("; ")}${summarised.length > names.length ? "; …" : ""}`,
        };
        const path = `/${project.orgSlug}/${project.slug}/alerts`;
        send("alert.firing", null, {
          type: "alert.firing",
          timestamp: atDate.toISOString(),
          data: {
            rule: { id: rule.id, name: rule.name, severity: rule.severity, metric: rule.metric },
            incident: null,
            project: { id: project.id, name: project.name },
            summary: { more: summarised.length, occurrences: names },
            url: linkTo(path),
          },
        }, text);
      }
    }
    for (const [group, reading, label] of judged) {
      const stored = heldByGroup.get(group);
      const incident = stored?.incidentId ? incidentById.get(stored.incidentId) : undefined;
      const prev: SeriesState = stored
        ? { state: stored.state, breachSince: stored.breachSince?.getTime() ?? null, lastNotifiedAt: incident?.lastNotifiedAt?.getTime() ?? null, acknowledged: !!incident?.acknowledgedAt }
        : INITIAL_STATE;
      const seenBefore = (stored?.recent ?? []).some((v) => v > 0);
      const { next, transition, note } = awaitingFirstEvent(rule, reading, seenBefore)
        ? { next: prev, transition: null, note: "waiting for the first event" }
        : step(rule, reading, prev, at);
      let incidentId = next.state === "firing" ? (incident?.id ?? null) : null;

      const notify = (type: NotificationType, id: string, kind: IncidentEventKind) => {
        const path = `/${project.orgSlug}/${project.slug}/alerts/${id}`;
        const text = noticeText({ type, rule, severity: rule.severity, projectName: project.name, group: label ?? (group || null), value: reading.value });
        if (muted) {
          timeline.push({ incidentId: id, at: atDate, kind: "muted", detail: { suppressed: type, mutedUntil: rule.mutedUntil!.toISOString() } });
          return;
        }
        send(
          type,
          id,
          {
            type,
            timestamp: atDate.toISOString(),
            data: {
              rule: { id: rule.id, name: rule.name, severity: rule.severity, metric: rule.metric },
              incident: { id, group: group || null, status: type === "alert.resolved" ? "resolved" : "firing" },
              project: { id: project.id, name: project.name },
              value: reading.value,
              threshold: rule.threshold,
              url: linkTo(path),
            },
          },
          text,
          kind,
        );
      };

      if (transition) summary.transitions++;
      if (transition === "firing") {
        incidentId = newId("inc");
        newIncidents.push({
          id: incidentId,
          projectId: rule.projectId,
          ruleId: rule.id,
          ruleName: rule.name,
          severity: rule.severity,
          metric: rule.metric,
          comparator: rule.comparator,
          groupKey: group,
          groupLabel: label ?? null,
          status: "firing",
          openedAt: atDate,
          value: reading.value,
          peak: reading.value,
          threshold: rule.threshold,
          muted,
          lastNotifiedAt: atDate,
        });
        timeline.push({ incidentId, at: atDate, kind: "opened", detail: { value: reading.value, threshold: rule.threshold, samples: reading.samples } });
        notify("alert.firing", incidentId, "notified");
      } else if (incident) {
        const worse = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : above ? Math.max(a, b) : Math.min(a, b));
        const update = { id: incident.id, value: reading.value, peak: worse(incident.peak, reading.value), notified: false, resolved: false };
        if (transition === "renotify") {
          update.notified = true;
          notify("alert.renotify", incident.id, "renotified");
        } else if (transition === "resolved") {
          update.resolved = true;
          timeline.push({ incidentId: incident.id, at: atDate, kind: "resolved", detail: { value: reading.value } });
          if (rule.notifyOnResolve) notify("alert.resolved", incident.id, "notified");
        }
        incidentUpdates.push(update);
      }

      // An ungrouped rule keeps its one row (the rules list shows it); a group only while not ok.
      if (next.state === "ok" && group !== "") {
        if (stored) cleared.push({ ruleId: rule.id, groupKey: group });
        continue;
      }
      const recent = reading.value === null ? (stored?.recent ?? []) : [...(stored?.recent ?? []), reading.value].slice(-RECENT_VALUES);
      upserts.push({
        ruleId: rule.id,
        groupKey: group,
        projectId: rule.projectId,
        state: next.state,
        breachSince: next.breachSince === null ? null : new Date(next.breachSince),
        value: reading.value,
        samples: reading.samples,
        note,
        incidentId,
        evaluatedAt: atDate,
        recent,
      });
    }
  }

  if (newIncidents.length) await db.insert(incidents).values(newIncidents);
  if (incidentUpdates.length) {
    // One statement for every open incident of the batch (a firing rule updates its incident each minute).
    await db.execute(sql`update incidents i set
        value = coalesce(u.value, i.value),
        peak = u.peak,
        last_notified_at = case when u.notified then ${atDate.toISOString()}::timestamptz else i.last_notified_at end,
        status = case when u.resolved then 'resolved' else i.status end,
        resolved_at = case when u.resolved then ${atDate.toISOString()}::timestamptz else i.resolved_at end
      from jsonb_to_recordset(${JSON.stringify(incidentUpdates)}::jsonb) as u(id text, value float8, peak float8, notified boolean, resolved boolean)
      where i.id = u.id`);
  }
  if (timeline.length) await db.insert(incidentEvents).values(timeline);
  if (outbox.length) await db.insert(deliveries).values(outbox);
  if (inbox.length) await db.insert(inboxNotifications).values(inbox);
  if (upserts.length) {
    // One JSON parameter for every state of the batch: binding 11 parameters per row costs
    // PostgreSQL more than the rows themselves at thousands of rules.
    const rows = upserts.map((u) => ({
      r: u.ruleId,
      g: u.groupKey,
      p: u.projectId,
      s: u.state,
      b: u.breachSince ? (u.breachSince as Date).toISOString() : null,
      v: u.value,
      n: u.samples,
      o: u.note,
      i: u.incidentId,
      a: (u.evaluatedAt as Date).toISOString(),
      h: `{${(u.recent ?? []).join(",")}}`,
    }));
    await db.execute(sql`insert into alert_states (rule_id, group_key, project_id, state, breach_since, value, samples, note, incident_id, evaluated_at, recent)
      select r, g, p, s, b, v, n, o, i, a, h::float8[]
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(r text, g text, p text, s text, b timestamptz, v float8, n float8, o text, i text, a timestamptz, h text)
      on conflict (rule_id, group_key) do update set state = excluded.state, breach_since = excluded.breach_since, value = excluded.value,
        samples = excluded.samples, note = excluded.note, incident_id = excluded.incident_id, evaluated_at = excluded.evaluated_at, recent = excluded.recent`);
  }
  if (cleared.length) {
    await db.delete(alertStatesTable).where(
      sql`(${alertStatesTable.ruleId}, ${alertStatesTable.groupKey}) in (${sql.join(cleared.map((c) => sql`(${c.ruleId}, ${c.groupKey})`), sql`, `)})`,
    );
  }
  await db.update(alertRules).set({ evaluatedThrough: atDate }).where(inArray(alertRules.id, rows.map((r) => r.id)));
}

export type { Transition };
