import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { TOTAL_KINDS } from "@/lib/rollups/deltas";
import { quantiles } from "@/lib/rollups/histogram";
import { aggregate, windowRows, type Aggregated } from "@/lib/rollups/tiers";
import type { TimeWindow } from "./window";

/**
 * KPI cards show each figure against the window just before it (same length), so "24h"
 * compares with the 24 hours before that. Totals combine rollup tiers (lib/rollups/tiers.ts),
 * so the previous window needs no bucket-size adjustment.
 */
export function previousWindow(window: TimeWindow): TimeWindow {
  const span = window.to.getTime() - window.from.getTime();
  return { ...window, from: new Date(window.from.getTime() - span), to: window.from };
}

/** One rollup kind's totals over a window (optionally one dimension); also a row of the Functions and Requests tables. */
export interface KindSummary {
  count: number;
  errors: number;
  clientErrors: number;
  coldStarts: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Totals of one kind in a window: counts and percentiles from the merged histograms. */
export async function kindSummary(
  db: Db,
  projectId: string,
  window: TimeWindow,
  kind: "invocation" | "request",
  dimension?: string,
): Promise<KindSummary> {
  // All dimensions at once come from the kind's total rows (one per bucket and environment).
  const rows = dimension
    ? windowRows({ projectId, kinds: [kind], where: sql`dimension = ${dimension}`, hist: true }, window)
    : windowRows({ projectId, kinds: [TOTAL_KINDS[kind]], hist: true }, window);
  const [row] = await aggregate(db, rows, {}, {});
  return summaryOf(row);
}

/** The totals of an aggregated group (read with its histogram); no group, all zero. */
export function summaryOf(row: Aggregated | undefined): KindSummary {
  const [p50, p95, p99] = quantiles(row?.hist ?? {}, [0.5, 0.95, 0.99]);
  return { count: row?.count ?? 0, errors: row?.errors ?? 0, clientErrors: row?.clientErrors ?? 0, coldStarts: row?.coldStarts ?? 0, p50, p95, p99 };
}

/** The summary of a window and of the window before it, read concurrently. */
export async function summaryWithPrevious(db: Db, projectId: string, window: TimeWindow, kind: "invocation" | "request", dimension?: string) {
  const [current, previous] = await Promise.all([
    kindSummary(db, projectId, window, kind, dimension),
    kindSummary(db, projectId, previousWindow(window), kind, dimension),
  ]);
  return { summary: current, previousSummary: previous };
}
