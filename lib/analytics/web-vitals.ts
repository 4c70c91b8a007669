import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { previousWindow } from "./compare";
import { quantiles, type Histogram } from "./histogram";
import { isVitalName, rateVital, VITAL_NAMES, type VitalName, type VitalRating } from "./vitals";
import type { TimeWindow } from "./window";

/**
 * `GET /vitals` and the Vitals page: p75 per Web Vital, overall and per route, with the
 * shares of good / needs-improvement / poor samples, and a p75 series per bucket.
 *
 * Read from rollups only (kind `vital`, dimension "<NAME> <route>"): p75 comes from the
 * merged log-scale histograms (≤ ~1% relative error, CLS included, see histogram.ts), and
 * the shares from the rollups' good/poor counters, which honour a sample's explicit
 * `rating` when the client sent one. All types here are plain JSON, because this is also
 * the body the API answers and the props the view components take.
 */

/** p75 is the percentile web.dev rates a page by ("75% of page loads"). */
const P75 = 0.75;
/** Like the Functions and Requests endpoints: the busiest routes, not an unbounded list. */
export const MAX_VITAL_ROUTES = 500;

export interface VitalShares {
  good: number;
  needsImprovement: number;
  poor: number;
}

/** One vital over a set of samples; `count` 0 gives nulls, so every vital is always present. */
export interface VitalStats {
  p75: number | null;
  /** The web.dev rating of `p75` (not of the individual samples, which `shares` counts). */
  rating: VitalRating | null;
  count: number;
  shares: VitalShares | null;
}

export interface VitalSummary extends VitalStats {
  name: VitalName;
}

export interface VitalRouteRow {
  route: string;
  /** Samples of all five vitals on this route. */
  count: number;
  vitals: Record<VitalName, VitalStats>;
}

/** One bucket: each vital's p75 in that bucket alone (null without samples), and the samples of all vitals. */
export type VitalPoint = { t: string; count: number } & Record<VitalName, number | null>;

export interface VitalsReport {
  window: { from: string; to: string; bucketMs: number };
  summary: VitalSummary[];
  /** The same summary for the window of equal length just before (for KPI changes). */
  previousSummary: VitalSummary[];
  data: VitalRouteRow[];
  series: VitalPoint[];
}

interface Aggregate {
  n: number;
  good: number;
  poor: number;
  hist: Histogram | null;
}

function statsOf(name: VitalName, a: Aggregate | undefined): VitalStats {
  if (!a || !(a.n > 0)) return { p75: null, rating: null, count: 0, shares: null };
  const [p75] = quantiles(a.hist ?? {}, [P75]);
  return {
    p75,
    rating: p75 === null ? null : rateVital(name, p75),
    count: a.n,
    // Needs-improvement is what is neither good nor poor: the rollups count only those two.
    shares: { good: a.good / a.n, needsImprovement: (a.n - a.good - a.poor) / a.n, poor: a.poor / a.n },
  };
}

const emptyVitals = (): Record<VitalName, VitalStats> =>
  Object.fromEntries(VITAL_NAMES.map((name) => [name, statsOf(name, undefined)])) as Record<VitalName, VitalStats>;

/** The rollup dimensions of one route: one per vital, so the filter is an equality the primary key serves. */
function routeDimensions(route: string) {
  return sql.join(
    VITAL_NAMES.map((name) => sql`${`${name} ${route}`}`),
    sql`, `,
  );
}

function whereOf(projectId: string, window: TimeWindow, route: string | undefined) {
  return sql`project_id = ${projectId} and kind = 'vital'
    and bucket_start >= ${window.from.toISOString()}::timestamptz and bucket_start < ${window.to.toISOString()}::timestamptz
    ${route === undefined ? sql`` : sql`and dimension in (${routeDimensions(route)})`}`;
}

// The name never contains a space (it is one of five enums), so the first space splits it from the route.
const nameOf = sql`split_part(dimension, ' ', 1)`;

/** Overall figures per vital. They merge every route, so they are computed in SQL rather than from the (capped) route list. */
async function vitalSummary(db: Db, projectId: string, window: TimeWindow, route: string | undefined): Promise<VitalSummary[]> {
  const overall = await queryRows<Aggregate & { name: string }>(
    db,
    sql`select ${nameOf} as name, sum(count)::float8 as n, sum(good_count)::float8 as good,
               sum(poor_count)::float8 as poor, vigil_hist_sum(hist) as hist
        from ${sql.raw(window.source)} where ${whereOf(projectId, window, route)} group by 1`,
  );
  return VITAL_NAMES.map((vital) => ({ name: vital, ...statsOf(vital, overall.find((r) => r.name === vital)) }));
}

export async function getVitals(db: Db, projectId: string, window: TimeWindow, options: { route?: string } = {}): Promise<VitalsReport> {
  const table = sql.raw(window.source);
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const where = whereOf(projectId, window, options.route);
  const name = nameOf;
  const route = sql`substr(dimension, strpos(dimension, ' ') + 1)`;

  const [summary, previousSummary, perRoute, buckets] = await Promise.all([
    vitalSummary(db, projectId, window, options.route),
    vitalSummary(db, projectId, previousWindow(window), options.route),
    queryRows<Aggregate & { name: string; route: string }>(
      db,
      sql`with per as (
            select ${name} as name, ${route} as route, sum(count)::float8 as n, sum(good_count)::float8 as good,
                   sum(poor_count)::float8 as poor, vigil_hist_sum(hist) as hist
            from ${table} where ${where} group by dimension
          ), top as (
            select route, sum(n) as total from per group by route order by total desc, route limit ${MAX_VITAL_ROUTES}
          )
          select per.name, per.route, per.n, per.good, per.poor, per.hist
          from per join top on top.route = per.route
          order by top.total desc, per.route`,
    ),
    queryRows<{ t: Date; name: string; n: number; hist: Histogram | null }>(
      db,
      sql`select date_bin(${window.bucketMs} * interval '1 millisecond', bucket_start, timestamptz 'epoch') as t,
                 ${name} as name, sum(count)::float8 as n, vigil_hist_sum(hist) as hist
          from ${table} where ${where} group by 1, 2`,
    ),
  ]);

  // Rows arrive busiest route first; a Map keeps that order.
  const routes = new Map<string, VitalRouteRow>();
  for (const r of perRoute) {
    if (!isVitalName(r.name)) continue;
    let row = routes.get(r.route);
    if (!row) routes.set(r.route, (row = { route: r.route, count: 0, vitals: emptyVitals() }));
    row.count += r.n;
    row.vitals[r.name] = statsOf(r.name, r);
  }

  // Every bucket of the window, so charts have no gaps: counts 0, percentiles null.
  const series = new Map<number, VitalPoint>();
  for (let t = window.from.getTime(); t < window.to.getTime(); t += window.bucketMs) {
    series.set(t, { t: new Date(t).toISOString(), count: 0, LCP: null, INP: null, CLS: null, FCP: null, TTFB: null });
  }
  for (const b of buckets) {
    const point = series.get(new Date(b.t).getTime());
    if (!point || !isVitalName(b.name)) continue;
    point.count += b.n;
    point[b.name] = quantiles(b.hist ?? {}, [P75])[0];
  }

  return { window: { from, to, bucketMs: window.bucketMs }, summary, previousSummary, data: [...routes.values()], series: [...series.values()] };
}
