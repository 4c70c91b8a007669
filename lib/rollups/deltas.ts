import { sql, type SQL } from "drizzle-orm";
import { addToHistogram, quantiles, STORED_QUANTILES, type Histogram } from "./histogram";
import { MINUTE, TIER_BUCKET_MS, type RollupTable } from "./time";
import type { RollupKind } from "@/lib/db/schema";

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

/** The flags an observation sets on its rollup rows (or-ed together). */
export const ERROR = 1;
export const CLIENT_ERROR = 2;
export const COLD_START = 4;
export const GOOD = 8;
export const POOR = 16;

/**
 * Invocations, requests and vitals also add to a per-kind total row (`invocation_total` "*",
 * `request_total` "*", `vital_total` per vital name), so totals, overall percentiles and
 * series read one row per bucket instead of one per function, route or route × vital
 * (lib/analytics reads them; per-dimension views read the others). Totals span every
 * environment (environment ALL_ENVIRONMENTS): reads never split them by environment, and
 * one row per bucket instead of one per environment halves what a series merges.
 */
export const TOTAL_KINDS = { invocation: "invocation_total", request: "request_total", vital: "vital_total" } as const;
const ALL_ENVIRONMENTS = "*";


type DeltaKey = Pick<RollupDelta, "projectId" | "kind" | "bucketStart" | "environment" | "dimension">;

/** A rollup row's identity (its primary key) as one string. */
export function rollupKey(key: DeltaKey): string {
  return `${key.projectId}\u0000${key.kind}\u0000${key.bucketStart.getTime()}\u0000${key.environment}\u0000${key.dimension}`;
}

/** The delta of `key` in `deltas`, created empty on first use. */
function deltaFor(deltas: Map<string, RollupDelta>, key: DeltaKey): RollupDelta {
  const id = rollupKey(key);
  let d = deltas.get(id);
  if (!d) {
    d = { ...key, count: 0, errorCount: 0, clientErrorCount: 0, coldStartCount: 0, goodCount: 0, poorCount: 0, sum: 0, min: null, max: null, hist: {} };
    deltas.set(id, d);
  }
  return d;
}

/**
 * Minute deltas being collected: one observation adds to its dimension's row (and, with
 * `observeTotal`, to its kind's total row). Runs for every ingested event, so it allocates
 * nothing per observation beyond the key string.
 */
export class MinuteDeltas {
  private readonly deltas = new Map<string, RollupDelta>();

  observe(projectId: string, kind: RollupKind, timeMs: number, environment: string, dimension: string, value: number | null, flags: number): void {
    const minute = Math.floor(timeMs / MINUTE) * MINUTE;
    const id = `${projectId}\u0000${kind}\u0000${minute}\u0000${environment}\u0000${dimension}`;
    let d = this.deltas.get(id);
    if (!d) {
      d = { projectId, kind, bucketStart: new Date(minute), environment, dimension, count: 0, errorCount: 0, clientErrorCount: 0, coldStartCount: 0, goodCount: 0, poorCount: 0, sum: 0, min: null, max: null, hist: {} };
      this.deltas.set(id, d);
    }
    d.count += 1;
    if (flags & ERROR) d.errorCount += 1;
    if (flags & CLIENT_ERROR) d.clientErrorCount += 1;
    if (flags & COLD_START) d.coldStartCount += 1;
    if (flags & GOOD) d.goodCount += 1;
    if (flags & POOR) d.poorCount += 1;
    if (value !== null) {
      d.sum += value;
      d.min = d.min === null || value < d.min ? value : d.min;
      d.max = d.max === null || value > d.max ? value : d.max;
      addToHistogram(d.hist, value);
    }
  }

  /** The same observation in its kind's total row, which spans every environment. */
  observeTotal(projectId: string, kind: keyof typeof TOTAL_KINDS, timeMs: number, dimension: string, value: number | null, flags: number): void {
    this.observe(projectId, TOTAL_KINDS[kind], timeMs, ALL_ENVIRONMENTS, dimension, value, flags);
  }

  /** Unique keys, sorted: a stable lock order for the upserts. */
  sorted(): RollupDelta[] {
    return sorted(this.deltas);
  }
}

/** Unique keys, sorted: a stable lock order for the upserts. */
function sorted(deltas: Map<string, RollupDelta>): RollupDelta[] {
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** Merges minute deltas into one delta per key of a coarser (or the same) tier. */
export function mergeDeltas(minuteDeltas: RollupDelta[], table: RollupTable): RollupDelta[] {
  const bucketMs = TIER_BUCKET_MS[table];
  const deltas = new Map<string, RollupDelta>();
  for (const m of minuteDeltas) {
    const bucketStart = new Date(Math.floor(m.bucketStart.getTime() / bucketMs) * bucketMs);
    const d = deltaFor(deltas, { projectId: m.projectId, kind: m.kind, bucketStart, environment: m.environment, dimension: m.dimension });
    d.count += m.count;
    d.errorCount += m.errorCount;
    d.clientErrorCount += m.clientErrorCount;
    d.coldStartCount += m.coldStartCount;
    d.goodCount += m.goodCount;
    d.poorCount += m.poorCount;
    d.sum += m.sum;
    if (m.min !== null) d.min = d.min === null ? m.min : Math.min(d.min, m.min);
    if (m.max !== null) d.max = d.max === null ? m.max : Math.max(d.max, m.max);
    for (const [bin, n] of Object.entries(m.hist)) d.hist[bin] = (d.hist[bin] ?? 0) + n;
  }
  return sorted(deltas);
}

/** Deltas as the rows of a `json_to_recordset` parameter (with their STORED_QUANTILES when asked). */
function deltaRows(deltas: RollupDelta[], withQuantiles = false) {
  return JSON.stringify(
    deltas.map((d) => ({
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
      ...(withQuantiles ? { quantiles: storedQuantiles(d.hist) } : {}),
    })),
  );
}

const COLUMNS = sql.raw(
  "project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count, cold_start_count, good_count, poor_count, sum, min, max, hist",
);
const RECORD = sql.raw(`project_id text, kind text, bucket_start timestamptz, environment text, dimension text, count bigint,
  error_count bigint, client_error_count bigint, cold_start_count bigint, good_count bigint, poor_count bigint,
  sum float8, min float8, max float8, hist jsonb`);

/**
 * Appends a group's minute deltas to `rollups_pending` in one statement. A plain insert: no
 * conflict target, so concurrent ingest transactions never wait on each other here; the
 * fold (./fold.ts) merges them into the minute, hour and day tiers.
 */
export function insertPendingRollupsStatement(deltas: RollupDelta[]): SQL {
  return sql`
    insert into rollups_pending (${COLUMNS})
    select ${COLUMNS} from json_to_recordset(${deltaRows(deltas)}::json) as x(${RECORD})`;
}

/** The keys of `deltas` as a `json_to_recordset` parameter and its record definition. */
function keyRows(deltas: RollupDelta[]) {
  return JSON.stringify(
    deltas.map((d) => ({ project_id: d.projectId, kind: d.kind, bucket_start: d.bucketStart.toISOString(), environment: d.environment, dimension: d.dimension })),
  );
}
const KEY_RECORD = sql.raw("project_id text, kind text, bucket_start timestamptz, environment text, dimension text");
const KEY_MATCH = sql.raw(
  "r.project_id = k.project_id and r.kind = k.kind and r.bucket_start = k.bucket_start and r.environment = k.environment and r.dimension = k.dimension",
);

/**
 * Inserts rows that did not exist when the fold locked the tier's rows. Under the fold lock
 * nothing else writes the tiers, so a conflict only comes from a writer outside it (a process
 * of an older version during a rolling deploy): its row is then added to, not overwritten,
 * and its stored quantiles dropped (reads fall back to the histogram).
 */
export function insertRollupRowsStatement(table: RollupTable, rows: RollupDelta[]): SQL {
  const t = sql.raw(table);
  return sql`
    insert into ${t} as r (${COLUMNS}, quantiles)
    select ${COLUMNS}, quantiles::float8[] from json_to_recordset(${deltaRows(rows, true)}::json) as k(${RECORD}, quantiles text)
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
      hist = vigil_hist_merge(r.hist::jsonb, excluded.hist::jsonb)::text,
      quantiles = null`;
}

/** Reads and locks the stored rows of these keys, in key order, until the transaction ends. */
export function lockRollupRowsStatement(table: RollupTable, deltas: RollupDelta[]): SQL {
  return sql`
    select r.project_id, r.kind, (extract(epoch from r.bucket_start) * 1000)::float8 as bucket_ms, r.environment, r.dimension,
      r.count::float8 as count, r.error_count::float8 as error_count, r.client_error_count::float8 as client_error_count,
      r.cold_start_count::float8 as cold_start_count, r.good_count::float8 as good_count, r.poor_count::float8 as poor_count,
      r.sum, r.min, r.max, r.hist
    from ${sql.raw(table)} r join json_to_recordset(${keyRows(deltas)}::json) as k(${KEY_RECORD}) on ${KEY_MATCH}
    order by r.project_id, r.kind, r.bucket_start, r.environment, r.dimension
    for update of r`;
}

/** A histogram's STORED_QUANTILES as a PostgreSQL array literal; null when it is empty. */
function storedQuantiles(hist: Histogram): string | null {
  const values = quantiles(hist, [...STORED_QUANTILES]);
  return values.some((v) => v === null) ? null : `{${values.join(",")}}`;
}

/** Overwrites rows the fold locked with their merged values, and the quantiles of their histograms. */
export function writeRollupRowsStatement(table: RollupTable, rows: RollupDelta[]): SQL {
  return sql`
    update ${sql.raw(table)} as r set
      count = k.count, error_count = k.error_count, client_error_count = k.client_error_count,
      cold_start_count = k.cold_start_count, good_count = k.good_count, poor_count = k.poor_count,
      sum = k.sum, min = k.min, max = k.max, hist = k.hist, quantiles = k.quantiles::float8[]
    from json_to_recordset(${deltaRows(rows, true)}::json) as k(${RECORD}, quantiles text)
    where ${KEY_MATCH}`;
}
