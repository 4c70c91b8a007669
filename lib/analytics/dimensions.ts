import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { summaryOf, summaryWithPrevious, type KindSummary } from "./compare";
import { TOTAL_KINDS } from "@/lib/rollups/deltas";
import { aggregate, binOf, quantilesOf, seriesRows, windowRows } from "@/lib/rollups/tiers";
import { rate } from "@/lib/rate";
import type { TimeWindow } from "./window";

/**
 * Per-dimension statistics from rollups: one row per function (kind `invocation`) or per
 * "METHOD route" (kind `request`), plus a per-bucket series with each bucket's own p95.
 * Serves the Functions and Requests pages and endpoints.
 */
export interface DimensionRow extends KindSummary {
  dimension: string;
}

/** Rows answered at most (the busiest). */
const MAX_DIMENSIONS = 500;

export interface DimensionPoint {
  t: string;
  count: number;
  errors: number;
  p95: number | null;
}

export async function dimensionStats(
  db: Db,
  projectId: string,
  window: TimeWindow,
  kind: "invocation" | "request",
  dimension?: string,
): Promise<{ rows: DimensionRow[]; series: DimensionPoint[] }> {
  const filter = { projectId, kinds: [kind], where: dimension ? sql`dimension = ${dimension}` : undefined };
  const [rows, buckets] = await Promise.all([
    aggregate(db, windowRows({ ...filter, hist: true }, window), { dimension: sql`dimension` }, {}),
    // The series of all dimensions reads the kind's total rows: one per bucket and environment.
    aggregate(db, seriesRows(dimension ? { ...filter, hist: true } : { projectId, kinds: [TOTAL_KINDS[kind]], hist: true }, window), { t: binOf(window.bucketMs) }, { stored: true }),
  ]);
  const series = new Map<number, DimensionPoint>();
  for (let t = window.from.getTime(); t < window.to.getTime(); t += window.bucketMs) {
    series.set(t, { t: new Date(t).toISOString(), count: 0, errors: 0, p95: null });
  }
  for (const b of buckets) {
    const point = series.get(Date.parse(b.key.t));
    if (point) Object.assign(point, { count: b.count, errors: b.errors, p95: quantilesOf(b, [0.95])[0] });
  }
  return {
    rows: rows
      .sort((a, b) => b.count - a.count || a.key.dimension.localeCompare(b.key.dimension))
      .slice(0, MAX_DIMENSIONS)
      .map((r) => ({ dimension: r.key.dimension, ...summaryOf(r) })),
    series: [...series.values()],
  };
}

/** Per function, a series and the window's totals against the previous window; `functionName` narrows to one. */
export async function getFunctions(db: Db, projectId: string, window: TimeWindow, functionName?: string) {
  const [{ rows, series }, summaries] = await Promise.all([
    dimensionStats(db, projectId, window, "invocation", functionName),
    summaryWithPrevious(db, projectId, window, "invocation", functionName),
  ]);
  return {
    data: rows.map((r) => ({
      functionName: r.dimension,
      invocations: r.count,
      errors: r.errors,
      errorRate: rate(r.errors, r.count),
      coldStartRate: rate(r.coldStarts, r.count),
      duration: { p50: r.p50, p95: r.p95, p99: r.p99 },
    })),
    series,
    ...summaries,
  };
}

/** Rollups key a request by "METHOD route"; the API names the two parts. */
export function requestDimension(method: string, route: string) {
  return `${method} ${route}`;
}

/** Per route and method, a series and the window's totals against the previous window; `route` narrows to one. */
export async function getRequests(db: Db, projectId: string, window: TimeWindow, route?: { method: string; route: string }) {
  const dimension = route ? requestDimension(route.method, route.route) : undefined;
  const [{ rows, series }, summaries] = await Promise.all([
    dimensionStats(db, projectId, window, "request", dimension),
    summaryWithPrevious(db, projectId, window, "request", dimension),
  ]);
  return {
    data: rows.map((r) => {
      const space = r.dimension.indexOf(" ");
      return {
        method: r.dimension.slice(0, space),
        route: r.dimension.slice(space + 1),
        count: r.count,
        rate4xx: rate(r.clientErrors, r.count),
        rate5xx: rate(r.errors, r.count),
        latency: { p50: r.p50, p95: r.p95, p99: r.p99 },
      };
    }),
    series,
    ...summaries,
  };
}
