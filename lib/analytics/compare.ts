import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { quantiles, type Histogram } from "./histogram";
import { MINUTE_ROLLUP_HORIZON_MS, type TimeWindow } from "./window";

/**
 * KPI cards show each figure against the window just before it (same length), so "24h"
 * compares with the 24 hours before that.
 */
export function previousWindow(window: TimeWindow, now = Date.now()): TimeWindow {
  const span = window.to.getTime() - window.from.getTime();
  const from = new Date(window.from.getTime() - span);
  // Totals only need whole rollup rows; fall back to hours where minutes have been purged.
  const source = window.source === "rollups_minute" && from.getTime() < now - MINUTE_ROLLUP_HORIZON_MS ? "rollups_hour" : window.source;
  return { from, to: window.from, bucketMs: window.bucketMs, source };
}

/** One rollup kind's totals over a window (optionally one dimension). */
export interface KindSummary {
  count: number;
  errors: number;
  clientErrors: number;
  coldStarts: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const EMPTY: Histogram = {};

/** Totals of one kind in a window: counts and percentiles from the merged histograms. */
export async function kindSummary(
  db: Db,
  projectId: string,
  window: TimeWindow,
  kind: "invocation" | "request",
  dimension?: string,
): Promise<KindSummary> {
  const [row] = await queryRows<{ n: number | null; errors: number | null; client_errors: number | null; cold: number | null; hist: Histogram | null }>(
    db,
    sql`select sum(count)::float8 as n, sum(error_count)::float8 as errors, sum(client_error_count)::float8 as client_errors,
               sum(cold_start_count)::float8 as cold, vigil_hist_sum(hist) as hist
        from ${sql.raw(window.source)}
        where project_id = ${projectId} and kind = ${kind}
          and bucket_start >= ${window.from.toISOString()}::timestamptz and bucket_start < ${window.to.toISOString()}::timestamptz
          ${dimension ? sql`and dimension = ${dimension}` : sql``}`,
  );
  const [p50, p95, p99] = quantiles(row?.hist ?? EMPTY, [0.5, 0.95, 0.99]);
  return { count: row?.n ?? 0, errors: row?.errors ?? 0, clientErrors: row?.client_errors ?? 0, coldStarts: row?.cold ?? 0, p50, p95, p99 };
}

/** The summary of a window and of the window before it, read concurrently. */
export async function summaryWithPrevious(db: Db, projectId: string, window: TimeWindow, kind: "invocation" | "request", dimension?: string) {
  const [current, previous] = await Promise.all([
    kindSummary(db, projectId, window, kind, dimension),
    kindSummary(db, projectId, previousWindow(window), kind, dimension),
  ]);
  return { summary: current, previousSummary: previous };
}
