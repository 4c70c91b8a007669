import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import type { AlertRuleRow } from "@/lib/db/schema";
import { TOTAL_KINDS } from "@/lib/rollups/deltas";
import { HistogramSum } from "@/lib/rollups/histogram";
import { MINUTE } from "@/lib/rollups/time";
import { segments } from "@/lib/rollups/tiers";
import { METRICS } from "./catalog";
import type { WindowTotals } from "./evaluate";
import type { RuleDefinition } from "./rule-input";

/**
 * Set-based reads for the live tick: the window totals of every due rule, with one query
 * per metric family (rollups, raw errors, deployments, issues, failed deployments) over all
 * of them — not a query per rule. Rollup windows are read the way the read API reads them
 * (each part from its coarsest tier, lib/rollups/tiers.ts `segments`), so a rule's value is
 * the figure the dashboards show for the same window and filter.
 */

export type EvaluatedRule = RuleDefinition & Pick<AlertRuleRow, "id" | "projectId">;

/** The windows of one evaluation: [from, to) and, for `compareTo`, the window before. */
export function windowsOf(rule: Pick<RuleDefinition, "windowMinutes" | "compareTo">, end: number) {
  const span = rule.windowMinutes * MINUTE;
  return { current: { from: end - span, to: end }, previous: rule.compareTo ? { from: end - 2 * span, to: end - span } : null };
}

export interface GroupTotals {
  current: WindowTotals;
  previous: WindowTotals;
  /** A readable name for an occurrence group (an issue's title, a deployment's branch). */
  label?: string;
}

/** Per rule id, per group key ('' for an ungrouped rule): what its windows hold. */
export type Readings = Map<string, Map<string, GroupTotals>>;

function totalsFor(readings: Readings, ruleId: string, group: string): GroupTotals {
  let groups = readings.get(ruleId);
  if (!groups) readings.set(ruleId, (groups = new Map()));
  let g = groups.get(group);
  if (!g) groups.set(group, (g = { current: { count: 0, errors: 0, sum: 0 }, previous: { count: 0, errors: 0, sum: 0 } }));
  return g;
}

/** How a rule selects rollup rows: kinds, equality filters on columns and parts of the dimension, and its group. */
interface RollupPlan {
  kinds: string[];
  environment: string | null;
  dimension: string | null;
  /** The part of the dimension before / after its first space ("GET /route", "LCP /route"). */
  before: string | null;
  after: string | null;
  group: "" | "environment" | "dimension" | "before" | "after";
  hist: boolean;
}

const HEARTBEAT_KIND = { invocation: "invocation", request: "request", vital: "vital", error: "error", log: "log", deployment: "deployment" } as const;

/** The rollup rows a rule reads, or null when its metric is read from another table (deployments, issues). */
export function rollupPlan(rule: RuleDefinition): RollupPlan | null {
  const { filter, groupBy } = rule;
  const source = METRICS[rule.metric].source;
  const hist = ["p50", "p75", "p95", "p99"].includes(rule.aggregation);
  const base = { environment: filter.environment ?? null, dimension: null, before: null, after: null, hist };
  const group = (map: Partial<Record<NonNullable<typeof groupBy>, RollupPlan["group"]>>): RollupPlan["group"] => (groupBy ? (map[groupBy] ?? "") : "");
  if (source.from === "heartbeat") {
    const types = filter.type ? [filter.type] : (Object.keys(HEARTBEAT_KIND) as (keyof typeof HEARTBEAT_KIND)[]);
    // Without an environment the per-kind totals answer for invocations, requests and vitals.
    const kinds = types.map((t) => (!filter.environment && t in TOTAL_KINDS ? TOTAL_KINDS[t as keyof typeof TOTAL_KINDS] : t));
    return { ...base, kinds, group: "", hist: false };
  }
  if (source.from !== "rollups") return null;
  switch (source.kind) {
    case "invocation":
      if (!filter.environment && !filter.functionName && !groupBy) return { ...base, kinds: [TOTAL_KINDS.invocation], group: "" };
      return { ...base, kinds: ["invocation"], dimension: filter.functionName ?? null, group: group({ environment: "environment", functionName: "dimension" }) };
    case "request":
      if (!filter.environment && !filter.route && !filter.method && !groupBy) return { ...base, kinds: [TOTAL_KINDS.request], group: "" };
      return { ...base, kinds: ["request"], before: filter.method ?? null, after: filter.route ?? null, group: group({ environment: "environment", route: "after" }) };
    case "vital":
      if (!filter.environment && !filter.route && groupBy !== "environment" && groupBy !== "route") {
        return { ...base, kinds: [TOTAL_KINDS.vital], dimension: filter.vital ?? null, group: group({ vital: "dimension" }) };
      }
      return { ...base, kinds: ["vital"], before: filter.vital ?? null, after: filter.route ?? null, group: group({ environment: "environment", vital: "before", route: "after" }) };
    case "error":
      // "level route" and "level function" rows answer for a route or a function; "level" rows otherwise.
      if (filter.route || groupBy === "route") {
        return { ...base, kinds: ["error_route"], before: filter.level ?? null, after: filter.route ?? null, group: group({ environment: "environment", route: "after" }) };
      }
      if (filter.functionName || groupBy === "functionName") {
        return { ...base, kinds: ["error_function"], before: filter.level ?? null, after: filter.functionName ?? null, group: group({ environment: "environment", functionName: "after" }) };
      }
      return { ...base, kinds: ["error"], dimension: filter.level ?? null, group: group({ environment: "environment" }) };
    case "log":
      return { ...base, kinds: ["log"], dimension: filter.level ?? null, group: group({ environment: "environment" }) };
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One JSON parameter holding every rule's windows: a statement the size of one query, whatever the number of rules. */
function specsOf<T extends object>(rows: T[]): SQL {
  return sql`${JSON.stringify(rows)}::jsonb`;
}

const ROLLUP_SPEC_COLUMNS = sql.raw(
  "r text, p text, t text, pr text, f timestamptz, u timestamptz, k text[], e text, d text, b text, a text, g text, h boolean",
);

function rollupJoin(table: "rollups_minute" | "rollups_hour" | "rollups_day", columns: SQL): SQL {
  return sql`select s.r, s.p, case s.g when 'environment' then x.environment when 'dimension' then x.dimension
        when 'before' then split_part(x.dimension, ' ', 1) when 'after' then substr(x.dimension, strpos(x.dimension, ' ') + 1) else '' end as g,
        ${columns}
      from s join ${sql.raw(table)} x on s.t = ${table} and x.project_id = s.pr and x.kind = any(s.k)
        and x.bucket_start >= s.f and x.bucket_start < s.u
        and (s.e is null or x.environment = s.e) and (s.d is null or x.dimension = s.d)
        and (s.b is null or split_part(x.dimension, ' ', 1) = s.b) and (s.a is null or substr(x.dimension, strpos(x.dimension, ' ') + 1) = s.a)`;
}

async function readRollups(db: Db, rules: EvaluatedRule[], end: number, readings: Readings): Promise<void> {
  const specs: Record<string, unknown>[] = [];
  for (const rule of rules) {
    const plan = rollupPlan(rule);
    if (!plan) continue;
    const { current, previous } = windowsOf(rule, end);
    for (const [part, w] of [["c", current], ["p", previous]] as const) {
      if (!w) continue;
      for (const seg of segments(w.from, w.to, end)) {
        specs.push({ r: rule.id, p: part, t: seg.table, pr: rule.projectId, f: iso(seg.from), u: iso(seg.to), k: plan.kinds, e: plan.environment, d: plan.dimension, b: plan.before, a: plan.after, g: plan.group, h: plan.hist });
      }
    }
  }
  if (!specs.length) return;
  const withSpecs = (body: SQL) => sql`with s as (select * from jsonb_to_recordset(${specsOf(specs)}) as s(${ROLLUP_SPEC_COLUMNS})) ${body}`;
  const sums = sql`count::float8 as n, error_count::float8 as errors, sum::float8 as total`;
  const tiers = ["rollups_minute", "rollups_hour", "rollups_day"] as const;
  const counted = await queryRows<{ r: string; p: string; g: string; n: number; errors: number; total: number }>(
    db,
    withSpecs(sql`select r, p, g, sum(n)::float8 as n, sum(errors)::float8 as errors, sum(total)::float8 as total
      from (${sql.join(tiers.map((t) => rollupJoin(t, sums)), sql` union all `)}) x group by r, p, g`),
  );
  for (const row of counted) {
    const g = totalsFor(readings, row.r, row.g);
    const w = row.p === "c" ? g.current : g.previous;
    w.count += Number(row.n);
    w.errors += Number(row.errors);
    w.sum += Number(row.total);
  }
  if (!specs.some((s) => s.h)) return;
  // Percentiles merge the windows' histograms here, as the read API does (lib/rollups/tiers.ts).
  const hists = await queryRows<{ r: string; p: string; g: string; hist: string }>(
    db,
    withSpecs(sql.join(tiers.map((t) => sql`${rollupJoin(t, sql`x.hist`)} and s.h`), sql` union all `)),
  );
  const merged = new Map<string, { target: WindowTotals; sum: HistogramSum }>();
  for (const row of hists) {
    const key = `${row.r}\u0000${row.p}\u0000${row.g}`;
    let m = merged.get(key);
    if (!m) {
      const g = totalsFor(readings, row.r, row.g);
      merged.set(key, (m = { target: row.p === "c" ? g.current : g.previous, sum: new HistogramSum() }));
    }
    m.sum.addText(row.hist);
  }
  for (const { target, sum } of merged.values()) target.hist = sum.toHistogram();
}

const WINDOW_SPEC_COLUMNS = sql.raw("r text, p text, pr text, f timestamptz, u timestamptz, e text, l text, rt text, fn text, g text");

function windowSpecs(rules: EvaluatedRule[], end: number, group: (rule: EvaluatedRule) => string) {
  return rules.flatMap((rule) => {
    const { current, previous } = windowsOf(rule, end);
    return [["c", current], ["p", previous]].flatMap(([part, w]) =>
      w && typeof w === "object"
        ? [{ r: rule.id, p: part, pr: rule.projectId, f: iso(w.from), u: iso(w.to), e: rule.filter.environment ?? null, l: rule.filter.level ?? null, rt: rule.filter.route ?? null, fn: rule.filter.functionName ?? null, g: group(rule) }]
        : [],
    );
  });
}

/** Failure rate and duration of deployments started in the window, as the Deployments page counts them. */
async function readDeployments(db: Db, rules: EvaluatedRule[], end: number, readings: Readings): Promise<void> {
  const specs = windowSpecs(rules, end, (r) => r.groupBy ?? "");
  if (!specs.length) return;
  const rows = await queryRows<{ r: string; p: string; g: string; finished: number; failed: number; durations: number[] | null }>(
    db,
    sql`with s as (select * from jsonb_to_recordset(${specsOf(specs)}) as s(${WINDOW_SPEC_COLUMNS}))
      select s.r, s.p, case s.g when 'environment' then x.environment else '' end as g,
             count(*) filter (where x.status_rank = 2)::float8 as finished,
             count(*) filter (where x.status = 'failed')::float8 as failed,
             array_agg(x.duration_ms) filter (where x.status_rank = 2 and x.duration_ms is not null) as durations
      from s join deployments x on x.project_id = s.pr and x.started_at >= s.f and x.started_at < s.u and (s.e is null or x.environment = s.e)
      group by 1, 2, 3`,
  );
  for (const row of rows) {
    const g = totalsFor(readings, row.r, row.g);
    const w = row.p === "c" ? g.current : g.previous;
    w.count += Number(row.finished);
    w.errors += Number(row.failed);
    w.values = (row.durations ?? []).map(Number);
  }
}

/** Issues first seen or regressed in the window and not resolved since: one group each. */
async function readNewIssues(db: Db, rules: EvaluatedRule[], end: number, readings: Readings): Promise<void> {
  const specs = windowSpecs(rules, end, () => "");
  if (!specs.length) return;
  const rows = await queryRows<{ r: string; g: string; title: string }>(
    db,
    sql`with s as (select * from jsonb_to_recordset(${specsOf(specs)}) as s(${WINDOW_SPEC_COLUMNS}))
      select s.r, x.id::text as g, x.title
      from s join issues x on x.project_id = s.pr and x.status = 'unresolved'
        and ((x.first_seen >= s.f and x.first_seen < s.u) or (x.regressed_at >= s.f and x.regressed_at < s.u))
        and (s.l is null or x.level = s.l)
      where s.p = 'c'`,
  );
  for (const row of rows) {
    const g = totalsFor(readings, row.r, row.g);
    g.current.count = 1;
    g.label = row.title.slice(0, 200);
  }
}

/** Deployments that reached `failed` in the window: one group each. */
async function readFailedDeployments(db: Db, rules: EvaluatedRule[], end: number, readings: Readings): Promise<void> {
  const specs = windowSpecs(rules, end, () => "");
  if (!specs.length) return;
  const rows = await queryRows<{ r: string; g: string; branch: string | null; environment: string }>(
    db,
    sql`with s as (select * from jsonb_to_recordset(${specsOf(specs)}) as s(${WINDOW_SPEC_COLUMNS}))
      select s.r, x.deployment_id as g, x.branch, x.environment
      from s join deployments x on x.project_id = s.pr and x.status = 'failed'
        and x.status_at >= s.f and x.status_at < s.u and (s.e is null or x.environment = s.e)
      where s.p = 'c'`,
  );
  for (const row of rows) {
    const g = totalsFor(readings, row.r, row.g);
    g.current.count = 1;
    g.label = `${row.g} (${row.environment}${row.branch ? `, ${row.branch}` : ""})`;
  }
}

/**
 * The window totals of every rule for the evaluation ending at `end` (the end of the last
 * closed minute): one query per family of metric, whatever the number of rules.
 */
export async function readWindows(db: Db, rules: EvaluatedRule[], end: number): Promise<Readings> {
  const readings: Readings = new Map();
  const family = (from: string) => rules.filter((r) => METRICS[r.metric].source.from === from);
  // Sequential: on PGlite one connection serves all, and inside a transaction so does one on PostgreSQL.
  await readRollups(db, rules, end, readings);
  await readDeployments(db, family("deployments"), end, readings);
  await readNewIssues(db, family("issues"), end, readings);
  await readFailedDeployments(db, family("failed_deployments"), end, readings);
  return readings;
}
