import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { previousWindow } from "./compare";
import { quantiles } from "@/lib/rollups/histogram";
import { aggregate, binOf, seriesRows, windowRows } from "@/lib/rollups/tiers";
import { rate } from "@/lib/rate";
import type { TimeWindow } from "./window";

export interface OverviewPoint {
  t: string;
  deployments: number;
  invocations: number;
  invocationErrors: number;
  requests: number;
  requestErrors: number;
  errors: number;
}

export interface OverviewTotals {
  deployments: number;
  /** succeeded / finished deployments started in the window; null when none finished */
  deploymentSuccessRate: number | null;
  invocations: number;
  invocationErrorRate: number | null;
  functionDuration: { p50: number | null; p95: number | null; p99: number | null };
  requests: number;
  /** 5xx share */
  requestErrorRate: number | null;
  errors: number;
  /** unresolved issues of the project, whenever last seen */
  openIssues: number;
  logs: number;
  /** log lines at level error or fatal */
  logErrors: number;
}

export interface Overview {
  window: { from: string; to: string; bucketMs: number };
  totals: OverviewTotals;
  /** The same totals for the window of equal length just before (for KPI changes). */
  previousTotals: OverviewTotals;
  series: OverviewPoint[];
}

/** The window's totals: rollups for telemetry, the small deployments and issues tables for the rest. */
export async function overviewTotals(db: Db, projectId: string, window: TimeWindow): Promise<OverviewTotals> {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const [[invocationRow], kinds, deployments, issues] = await Promise.all([
    // Only invocations need their histograms merged (function percentiles).
    aggregate(db, windowRows({ projectId, kinds: ["invocation_total"], hist: true }, window), {}, {}),
    aggregate(db, windowRows({ projectId, kinds: ["request_total", "error", "log"] }, window), { kind: sql`kind` }),
    queryRows<{ n: number; succeeded: number; finished: number }>(
      db,
      sql`select count(*)::float8 as n,
                 count(*) filter (where status = 'succeeded')::float8 as succeeded,
                 count(*) filter (where status_rank = 2)::float8 as finished
          from deployments
          where project_id = ${projectId} and started_at >= ${from}::timestamptz and started_at < ${to}::timestamptz`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::float8 as n from issues where project_id = ${projectId} and status = 'unresolved'`,
    ),
  ]);
  const byKind = (kind: string) => kinds.find((k) => k.key.kind === kind) ?? { count: 0, errors: 0, hist: {} };
  const invocations = invocationRow ?? { count: 0, errors: 0, hist: {} };
  const requests = byKind("request_total");
  const logs = byKind("log");
  const [p50, p95, p99] = quantiles(invocations.hist, [0.5, 0.95, 0.99]);
  const d = deployments[0] ?? { n: 0, succeeded: 0, finished: 0 };
  return {
    deployments: d.n,
    deploymentSuccessRate: rate(d.succeeded, d.finished),
    invocations: invocations.count,
    invocationErrorRate: rate(invocations.errors, invocations.count),
    functionDuration: { p50, p95, p99 },
    requests: requests.count,
    requestErrorRate: rate(requests.errors, requests.count),
    errors: byKind("error").count,
    openIssues: issues[0]?.n ?? 0,
    logs: logs.count,
    logErrors: logs.errors,
  };
}

/**
 * The Overview page and `GET /overview`: totals (and the previous window's) and per-bucket
 * series for one project, read from rollups (never raw telemetry) plus the small
 * deployments and issues tables.
 */
export async function getOverview(db: Db, projectId: string, window: TimeWindow): Promise<Overview> {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const bucket = sql`(${window.bucketMs} * interval '1 millisecond')`;

  const [totals, previousTotals, buckets, deploymentBuckets] = await Promise.all([
    overviewTotals(db, projectId, window),
    overviewTotals(db, projectId, previousWindow(window)),
    aggregate(db, seriesRows({ projectId, kinds: ["invocation_total", "request_total", "error"] }, window), { t: binOf(window.bucketMs), kind: sql`kind` }),
    queryRows<{ t: Date; n: number }>(
      db,
      sql`select date_bin(${bucket}, started_at, timestamptz 'epoch') as t, count(*)::float8 as n
          from deployments
          where project_id = ${projectId} and started_at >= ${from}::timestamptz and started_at < ${to}::timestamptz
          group by 1`,
    ),
  ]);

  // Every bucket of the window, zero-filled, so charts have no gaps.
  const points = new Map<number, OverviewPoint>();
  for (let t = window.from.getTime(); t < window.to.getTime(); t += window.bucketMs) {
    points.set(t, { t: new Date(t).toISOString(), deployments: 0, invocations: 0, invocationErrors: 0, requests: 0, requestErrors: 0, errors: 0 });
  }
  for (const row of buckets) {
    const p = points.get(Date.parse(row.key.t));
    if (!p) continue;
    if (row.key.kind === "invocation_total") [p.invocations, p.invocationErrors] = [row.count, row.errors];
    else if (row.key.kind === "request_total") [p.requests, p.requestErrors] = [row.count, row.errors];
    else p.errors = row.count;
  }
  for (const row of deploymentBuckets) {
    const p = points.get(new Date(row.t).getTime());
    if (p) p.deployments = row.n;
  }

  return { window: { from, to, bucketMs: window.bucketMs }, totals, previousTotals, series: [...points.values()] };
}

/** Whether a project has ever stored telemetry (its dashboards then show data, not the empty state). */
export async function hasTelemetry(db: Db, projectId: string): Promise<boolean> {
  // Stored events reach rollups_hour when the fold merges their deltas (on PostgreSQL,
  // FOLD_GAP_MS after the commit); until then they wait in rollups_pending. Either counts,
  // so a page opened right after the first 202 already shows it.
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from rollups_hour where project_id = ${projectId})
            or exists (select 1 from rollups_pending where project_id = ${projectId}) as found`,
  );
  return rows[0]?.found === true;
}
