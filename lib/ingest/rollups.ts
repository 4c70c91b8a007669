import { sql, type SQL } from "drizzle-orm";
import { addToHistogram, type Histogram } from "@/lib/analytics/histogram";
import { rateVital } from "@/lib/analytics/vitals";
import type { RollupKind } from "@/lib/db/schema";
import type { NormalizedEvent } from "./normalize";

/** One rollup row's worth of aggregates, before it is merged into the stored row. */
export interface RollupDelta {
  projectId: string;
  kind: RollupKind;
  bucketStart: Date;
  environment: string;
  dimension: string;
  count: number;
  errorCount: number;
  clientErrorCount: number;
  coldStartCount: number;
  goodCount: number;
  poorCount: number;
  sum: number;
  min: number | null;
  max: number | null;
  hist: Histogram;
}

interface Contribution {
  kind: RollupKind;
  dimension: string;
  value: number | null;
  error?: boolean;
  clientError?: boolean;
  coldStart?: boolean;
  good?: boolean;
  poor?: boolean;
}

/** What one stored event adds to its own dimension's rollup: kind, dimension and measured value. */
function dimensionContribution({ event }: NormalizedEvent): Contribution {
  switch (event.type) {
    case "invocation":
      return { kind: "invocation", dimension: event.functionName, value: event.durationMs, error: event.status !== "success", coldStart: event.coldStart === true };
    case "request":
      return {
        kind: "request",
        dimension: `${event.method} ${event.route}`,
        value: event.durationMs,
        error: event.statusCode >= 500,
        clientError: event.statusCode >= 400 && event.statusCode < 500,
      };
    case "error":
      return { kind: "error", dimension: event.level, value: null, error: event.level === "error" || event.level === "fatal" };
    case "log":
      return { kind: "log", dimension: event.level, value: null, error: event.level === "error" || event.level === "fatal" };
    case "vital": {
      const rating = event.rating ?? rateVital(event.name, event.value);
      return { kind: "vital", dimension: `${event.name} ${event.route}`, value: event.value, good: rating === "good", poor: rating === "poor" };
    }
    case "deployment":
      return { kind: "deployment", dimension: event.status, value: event.durationMs ?? null, error: event.status === "failed" };
  }
}

/**
 * Invocations, requests and vitals also add to a per-kind total row (`invocation_total` "*",
 * `request_total` "*", `vital_total` per vital name), so totals, overall percentiles and
 * series read a handful of rows per bucket instead of one per function, route or
 * route × vital (lib/analytics reads them; per-dimension views read the others).
 */
export const TOTAL_KINDS = { invocation: "invocation_total", request: "request_total", vital: "vital_total" } as const;

function contributionsOf(e: NormalizedEvent): Contribution[] {
  const own = dimensionContribution(e);
  const event = e.event;
  if (event.type === "invocation" || event.type === "request") return [own, { ...own, kind: TOTAL_KINDS[event.type], dimension: "*" }];
  if (event.type === "vital") return [own, { ...own, kind: TOTAL_KINDS.vital, dimension: event.name }];
  return [own];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Aggregates stored events into per-bucket deltas (unique keys, sorted: a stable lock order). */
export function rollupDeltas(events: NormalizedEvent[], bucketMs: typeof MINUTE | typeof HOUR | typeof DAY): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  for (const e of events) {
    for (const c of contributionsOf(e)) {
      const bucketStart = new Date(Math.floor(e.ts.getTime() / bucketMs) * bucketMs);
      const key = [e.projectId, c.kind, bucketStart.toISOString(), e.environment, c.dimension].join("\u0000");
      let d = deltas.get(key);
      if (!d) {
        d = {
          projectId: e.projectId,
          kind: c.kind,
          bucketStart,
          environment: e.environment,
          dimension: c.dimension,
          count: 0,
          errorCount: 0,
          clientErrorCount: 0,
          coldStartCount: 0,
          goodCount: 0,
          poorCount: 0,
          sum: 0,
          min: null,
          max: null,
          hist: {},
        };
        deltas.set(key, d);
      }
      d.count += 1;
      if (c.error) d.errorCount += 1;
      if (c.clientError) d.clientErrorCount += 1;
      if (c.coldStart) d.coldStartCount += 1;
      if (c.good) d.goodCount += 1;
      if (c.poor) d.poorCount += 1;
      if (c.value !== null) {
        d.sum += c.value;
        d.min = d.min === null ? c.value : Math.min(d.min, c.value);
        d.max = d.max === null ? c.value : Math.max(d.max, c.value);
        addToHistogram(d.hist, c.value);
      }
    }
  }
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

export const ROLLUP_BUCKETS = { minute: MINUTE, hour: HOUR, day: DAY } as const;

/** Merges deltas into a rollup table in one statement: counts add, histograms merge. */
export function upsertRollupsStatement(table: "rollups_minute" | "rollups_hour" | "rollups_day", deltas: RollupDelta[]): SQL {
  const rows = deltas.map((d) => ({
    project_id: d.projectId,
    kind: d.kind,
    bucket_start: d.bucketStart.toISOString(),
    environment: d.environment,
    dimension: d.dimension,
    count: d.count,
    error_count: d.errorCount,
    client_error_count: d.clientErrorCount,
    cold_start_count: d.coldStartCount,
    good_count: d.goodCount,
    poor_count: d.poorCount,
    sum: d.sum,
    min: d.min,
    max: d.max,
    hist: d.hist,
  }));
  return sql`
    insert into ${sql.raw(table)} as r
      (project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count,
       cold_start_count, good_count, poor_count, sum, min, max, hist)
    select project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count,
       cold_start_count, good_count, poor_count, sum, min, max, hist
    from json_to_recordset(${JSON.stringify(rows)}::json) as x(
      project_id text, kind text, bucket_start timestamptz, environment text, dimension text, count bigint,
      error_count bigint, client_error_count bigint, cold_start_count bigint, good_count bigint, poor_count bigint,
      sum float8, min float8, max float8, hist jsonb)
    order by project_id, kind, bucket_start, environment, dimension
    on conflict (project_id, kind, bucket_start, environment, dimension) do update set
      count = r.count + excluded.count,
      error_count = r.error_count + excluded.error_count,
      client_error_count = r.client_error_count + excluded.client_error_count,
      cold_start_count = r.cold_start_count + excluded.cold_start_count,
      good_count = r.good_count + excluded.good_count,
      poor_count = r.poor_count + excluded.poor_count,
      sum = r.sum + excluded.sum,
      min = least(r.min, excluded.min),
      max = greatest(r.max, excluded.max),
      hist = vigil_hist_merge(r.hist, excluded.hist)`;
}
