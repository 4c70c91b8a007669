import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { ValidationError } from "@/lib/errors";
import { HISTOGRAM_MAX_INDEX, type Histogram } from "@/lib/rollups/histogram";
import { HOUR, MINUTE } from "@/lib/rollups/time";
import { METRICS } from "./catalog";
import { awaitingFirstEvent, INITIAL_STATE, readingOf, step, type SeriesState, type WindowTotals } from "./evaluate";
import { rollupPlan } from "./readings";
import { resolveRule, type RuleDefinition } from "./rule-input";

/**
 * `POST /alert-rules/preview`: the rule (not stored) replayed minute by minute over the
 * last 24 h or 7 d with the evaluator the tick uses (lib/alerts/evaluate.ts), on the same
 * minute rollups, so "would have fired N times" is what the live rule would have done.
 * A grouped rule is previewed as one series over all its groups.
 */
export const previewInput = z.object({ range: z.enum(["1h", "24h", "7d"]).default("24h"), rule: z.unknown() }).strict();

export interface Preview {
  series: { t: string; value: number | null; samples: number }[];
  threshold: number;
  resolveThreshold: number | null;
  incidents: { from: string; to: string | null; peak: number | null }[];
  wouldFire: number;
}

const RANGE_MS = { "1h": HOUR, "24h": 24 * HOUR, "7d": 7 * 24 * HOUR } as const;
/** Points answered at most; the replay itself runs every minute. */
const MAX_POINTS = 720;

interface Minute {
  count: number;
  errors: number;
  sum: number;
  /** [bucket index, count, …] of the minute's merged histogram. */
  hist: number[] | null;
  values: number[] | null;
}

/** Per minute of [from, to): what the rule's rows hold. */
async function minutesOf(db: Db, projectId: string, rule: RuleDefinition, from: number, to: number): Promise<Map<number, Minute>> {
  const out = new Map<number, Minute>();
  const at = (t: number) => out.get(t) ?? out.set(t, { count: 0, errors: 0, sum: 0, hist: null, values: null }).get(t)!;
  const span = sql`${new Date(from).toISOString()}::timestamptz and ${new Date(to).toISOString()}::timestamptz`;
  const plan = rollupPlan({ ...rule, groupBy: null });
  const source = METRICS[rule.metric].source;
  const f = rule.filter;
  if (plan) {
    const where = sql`project_id = ${projectId} and kind in (${sql.join(plan.kinds.map((k) => sql`${k}`), sql`, `)})
      and bucket_start >= ${new Date(from).toISOString()}::timestamptz and bucket_start < ${new Date(to).toISOString()}::timestamptz
      ${plan.environment ? sql`and environment = ${plan.environment}` : sql``} ${plan.dimension ? sql`and dimension = ${plan.dimension}` : sql``}
      ${plan.before ? sql`and split_part(dimension, ' ', 1) = ${plan.before}` : sql``}
      ${plan.after ? sql`and substr(dimension, strpos(dimension, ' ') + 1) = ${plan.after}` : sql``}`;
    const rows = await queryRows<{ t: Date | string; n: number; errors: number; total: number; hist: string | null }>(
      db,
      sql`select bucket_start as t, count::float8 as n, error_count::float8 as errors, sum::float8 as total, ${plan.hist ? sql`hist` : sql`null`} as hist
          from rollups_minute where ${where}`,
    );
    for (const r of rows) {
      const m = at(new Date(r.t).getTime());
      m.count += Number(r.n);
      m.errors += Number(r.errors);
      m.sum += Number(r.total);
      if (r.hist) {
        const h = JSON.parse(r.hist) as Histogram;
        for (const k in h) (m.hist ??= []).push(Number(k), h[k]);
      }
    }
  } else if (source.from === "deployments") {
    const rows = await queryRows<{ t: Date | string; finished: boolean; failed: boolean; duration: number | null }>(
      db,
      sql`select date_trunc('minute', started_at) as t, status_rank = 2 as finished, status = 'failed' as failed, duration_ms as duration
          from deployments where project_id = ${projectId} and started_at between ${span} ${f.environment ? sql`and environment = ${f.environment}` : sql``}`,
    );
    for (const r of rows) {
      const m = at(new Date(r.t).getTime());
      if (r.finished) m.count++;
      if (r.failed) m.errors++;
      if (r.finished && r.duration !== null) (m.values ??= []).push(Number(r.duration));
    }
  } else if (source.from === "issues") {
    const rows = await queryRows<{ t: Date | string }>(
      db,
      sql`select date_trunc('minute', greatest(first_seen, coalesce(regressed_at, first_seen))) as t from issues
          where project_id = ${projectId} and status = 'unresolved' and (first_seen between ${span} or regressed_at between ${span})
          ${f.level ? sql`and level = ${f.level}` : sql``}`,
    );
    for (const r of rows) at(new Date(r.t).getTime()).count++;
  } else if (source.from === "failed_deployments") {
    const rows = await queryRows<{ t: Date | string }>(
      db,
      sql`select date_trunc('minute', status_at) as t from deployments where project_id = ${projectId} and status = 'failed'
          and status_at between ${span} ${f.environment ? sql`and environment = ${f.environment}` : sql``}`,
    );
    for (const r of rows) at(new Date(r.t).getTime()).count++;
  }
  return out;
}

/** A window's totals kept as minutes enter and leave it. */
class SlidingWindow {
  private readonly hist = new Float64Array(HISTOGRAM_MAX_INDEX + 1);
  private readonly totals: WindowTotals = { count: 0, errors: 0, sum: 0 };
  private values: number[] = [];
  constructor(
    private readonly withHist: boolean,
    private readonly exact: boolean,
  ) {}

  move(m: Minute | undefined, sign: 1 | -1): void {
    if (!m) return;
    this.totals.count += sign * m.count;
    this.totals.errors += sign * m.errors;
    this.totals.sum += sign * m.sum;
    if (m.hist) for (let i = 0; i < m.hist.length; i += 2) this.hist[m.hist[i]] += sign * m.hist[i + 1];
    if (m.values) {
      if (sign > 0) this.values.push(...m.values);
      else for (const v of m.values) this.values.splice(this.values.indexOf(v), 1);
    }
  }

  snapshot(): WindowTotals {
    const out: WindowTotals = { ...this.totals, values: this.exact ? [...this.values] : undefined };
    if (this.withHist) {
      const h: Histogram = {};
      for (let i = 0; i < this.hist.length; i++) if (this.hist[i] > 0.5) h[i] = this.hist[i];
      out.hist = h;
    }
    return out;
  }
}

/**
 * The rule of a preview body, resolved as POST /alert-rules would resolve it. Its problems
 * point into the preview's body (API.md: pointers into the request body), where the rule
 * sits under `rule`: `/rule/resolveThreshold`, not `/resolveThreshold`.
 */
function previewedRule(body: unknown): RuleDefinition {
  try {
    return resolveRule(body, undefined, { requireName: false });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      err.errors.map((e) => ({ ...e, pointer: e.pointer === "/" ? "/rule" : `/rule${e.pointer}` })),
      err.message,
    );
  }
}

export async function previewRule(db: Db, projectId: string, body: unknown, now = new Date()): Promise<Preview> {
  const { range, rule: ruleBody } = previewInput.parse(body);
  const rule = previewedRule(ruleBody);
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const start = end - RANGE_MS[range];
  const span = rule.windowMinutes * MINUTE;
  const lookback = rule.compareTo ? 2 * span : span;
  const minutes = await minutesOf(db, projectId, rule, start - lookback, end);
  const source = METRICS[rule.metric].source;
  const exact = source.from === "deployments";
  const withHist = ["p50", "p75", "p95", "p99"].includes(rule.aggregation) && !exact;
  const current = new SlidingWindow(withHist, exact);
  const previous = new SlidingWindow(withHist, exact);
  // Prime the windows that end at `start`.
  for (let t = start - span; t < start; t += MINUTE) current.move(minutes.get(t), 1);
  if (rule.compareTo) for (let t = start - 2 * span; t < start - span; t += MINUTE) previous.move(minutes.get(t), 1);

  const steps = (end - start) / MINUTE;
  const every = Math.max(1, Math.ceil(steps / MAX_POINTS));
  const series: Preview["series"] = [];
  const incidents: Preview["incidents"] = [];
  const above = rule.comparator === ">" || rule.comparator === ">=";
  let state: SeriesState = INITIAL_STATE;
  let open: Preview["incidents"][number] | null = null;
  let seen = false;
  for (let i = 1; i <= steps; i++) {
    const at = start + i * MINUTE;
    // The window [at - span, at) gains minute at - 1 min and loses at - span - 1 min.
    current.move(minutes.get(at - MINUTE), 1);
    current.move(minutes.get(at - span - MINUTE), -1);
    if (rule.compareTo) {
      previous.move(minutes.get(at - span - MINUTE), 1);
      previous.move(minutes.get(at - 2 * span - MINUTE), -1);
    }
    const reading = readingOf(rule, current.snapshot(), rule.compareTo ? previous.snapshot() : undefined);
    const waiting = awaitingFirstEvent(rule, reading, seen);
    if (reading.value !== null && reading.value > 0) seen = true;
    const result = waiting ? { next: state, transition: null } : step({ ...rule, renotifyMinutes: 0 }, reading, state, at);
    state = result.next;
    if (result.transition === "firing") {
      open = { from: new Date(at).toISOString(), to: null, peak: reading.value };
      incidents.push(open);
    } else if (open && result.transition === "resolved") {
      open.to = new Date(at).toISOString();
      open = null;
    }
    if (open && reading.value !== null) open.peak = open.peak === null ? reading.value : above ? Math.max(open.peak, reading.value) : Math.min(open.peak, reading.value);
    if (i % every === 0 || i === steps) series.push({ t: new Date(at).toISOString(), value: reading.value, samples: reading.samples });
  }
  return { series, threshold: rule.threshold, resolveThreshold: rule.resolveThreshold, incidents, wouldFire: incidents.length };
}
