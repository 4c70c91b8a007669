import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { TOTAL_KINDS } from "@/lib/rollups/deltas";
import { previousWindow } from "./compare";
import { aggregate, binOf, quantilesOf, seriesRows, windowRows, type Aggregated } from "@/lib/rollups/tiers";
import { quantiles, type Histogram } from "@/lib/rollups/histogram";
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

function filterOf(projectId: string, route: string | undefined) {
  return { projectId, kinds: ["vital"], where: route === undefined ? undefined : sql`dimension in (${routeDimensions(route)})`, hist: true };
}

/**
 * Figures across all routes read the per-vital total rows (dimension = the vital's name:
 * five per bucket) rather than every route × vital; one route reads its own rows.
 */
function allRoutesOr(projectId: string, route: string | undefined) {
  return route === undefined ? { projectId, kinds: [TOTAL_KINDS.vital], hist: true } : filterOf(projectId, route);
}

// The name never contains a space (it is one of five enums), so the first space splits it from the route.
const nameOf = sql`split_part(dimension, ' ', 1)`;

const aggregateOf = (a: Aggregated): Aggregate => ({ n: a.count, good: a.good, poor: a.poor, hist: a.hist });

/** Overall figures per vital. They merge every route, so they are computed in SQL rather than from the (capped) route list. */
async function vitalSummary(db: Db, projectId: string, window: TimeWindow, route: string | undefined): Promise<VitalSummary[]> {
  const overall = await aggregate(db, windowRows(allRoutesOr(projectId, route), window), { name: nameOf }, {});
  return VITAL_NAMES.map((vital) => {
    const row = overall.find((r) => r.key.name === vital);
    return { name: vital, ...statsOf(vital, row && aggregateOf(row)) };
  });
}

export async function getVitals(db: Db, projectId: string, window: TimeWindow, options: { route?: string } = {}): Promise<VitalsReport> {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const filter = filterOf(projectId, options.route);

  const [summary, previousSummary, dimensions, buckets] = await Promise.all([
    vitalSummary(db, projectId, window, options.route),
    vitalSummary(db, projectId, previousWindow(window), options.route),
    aggregate(db, windowRows(filter, window), { dimension: sql`dimension` }, {}),
    aggregate(db, seriesRows(allRoutesOr(projectId, options.route), window), { t: binOf(window.bucketMs), name: nameOf }, { stored: true }),
  ]);

  // Busiest routes first, at most MAX_VITAL_ROUTES of them.
  const perRoute = dimensions.map((d) => {
    const space = d.key.dimension.indexOf(" ");
    return { ...aggregateOf(d), name: d.key.dimension.slice(0, space), route: d.key.dimension.slice(space + 1) };
  });
  const totals = new Map<string, number>();
  for (const r of perRoute) totals.set(r.route, (totals.get(r.route) ?? 0) + r.n);
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_VITAL_ROUTES);
  const rank = new Map(top.map(([route], i) => [route, i]));
  perRoute.sort((a, b) => (rank.get(a.route) ?? Infinity) - (rank.get(b.route) ?? Infinity));

  // Rows arrive busiest route first; a Map keeps that order.
  const routes = new Map<string, VitalRouteRow>();
  for (const r of perRoute) {
    if (!isVitalName(r.name) || !rank.has(r.route)) continue;
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
    const point = series.get(Date.parse(b.key.t));
    if (!point || !isVitalName(b.key.name)) continue;
    point.count += b.count;
    point[b.key.name] = quantilesOf(b, [P75])[0];
  }

  return { window: { from, to, bucketMs: window.bucketMs }, summary, previousSummary, data: [...routes.values()], series: [...series.values()] };
}
