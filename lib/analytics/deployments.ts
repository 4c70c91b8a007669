import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { deploymentEvents, deployments } from "@/lib/db/schema";
import { isStorableText } from "@/lib/text";
import { decodeCursor, encodeCursor, paginationQuery, type Page } from "@/lib/pagination";
import { deploymentStatuses } from "@/lib/events";
import { rate } from "@/lib/rate";
import { resolveSpan, windowQuery } from "./window";

/**
 * The Deployments read side: the list with its stats (`GET /deployments`) and one
 * deployment with what it caused (`GET /deployments/{id}`). Everything is read from the
 * folded `deployments` table (small: one row per deployment), except the linked errors and
 * invocations of one deployment, which are raw rows bounded in time.
 */
export type DeploymentStatus = (typeof deploymentStatuses)[number];

/** `interval` of windowQuery has no effect here: the only series, `byDay`, is per UTC day. */
export const deploymentsQuery = windowQuery.merge(paginationQuery).extend({
  status: z.enum(deploymentStatuses).optional(),
  environment: z.string().min(1).max(64).optional(),
  branch: z.string().min(1).max(256).optional(),
});
export type DeploymentsQuery = z.output<typeof deploymentsQuery>;
export type DeploymentFilters = Pick<DeploymentsQuery, "status" | "environment" | "branch">;
export interface Span {
  from: Date;
  to: Date;
}

export interface DeploymentItem {
  deploymentId: string;
  status: DeploymentStatus;
  environment: string;
  commitSha: string | null;
  branch: string | null;
  commitMessage: string | null;
  framework: string | null;
  url: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  buildDurationMs: number | null;
  eventCount: number;
}

export interface DeploymentStats {
  /** Deployments started in the window (after filters). */
  total: number;
  /** Those in a final state: succeeded, failed or canceled. */
  finished: number;
  /** succeeded / finished and failed / finished; canceled counts in neither; null when none finished. */
  successRate: number | null;
  failureRate: number | null;
  /** Over finished deployments, exact; p95 by nearest rank (`percentile_disc`). */
  duration: { avg: number | null; p95: number | null };
  /** Every UTC day the window touches, oldest first, zero-filled. `other` = started, building, canceled. */
  byDay: { day: string; succeeded: number; failed: number; other: number }[];
  byStatus: Record<DeploymentStatus, number>;
  /** Most used first, at most 20; `framework: null` when the events named none. */
  frameworks: { framework: string | null; count: number }[];
  /** Finished deployments per duration bucket, [minMs, maxMs). */
  durationHistogram: { label: string; minMs: number; maxMs: number | null; count: number }[];
}

/** The values the filters can take in this window, so a filter bar can offer them. */
export interface DeploymentFacets {
  environments: string[];
  branches: string[];
}

export type DeploymentList = Page<DeploymentItem> & { stats: DeploymentStats; facets: DeploymentFacets };

const DAY_MS = 86_400_000;
/** Upper bounds of the duration histogram's buckets; the last bucket is open-ended. */
const DURATION_BOUNDS = [
  { label: "< 30 s", maxMs: 30_000 },
  { label: "30–60 s", maxMs: 60_000 },
  { label: "1–2 min", maxMs: 120_000 },
  { label: "2–5 min", maxMs: 300_000 },
  { label: "5–10 min", maxMs: 600_000 },
  { label: "> 10 min", maxMs: null },
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Epoch ms read back from SQL: driver-independent, unlike timestamp parsing of raw rows. */
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

function toItem(row: typeof deployments.$inferSelect): DeploymentItem {
  return {
    deploymentId: row.deploymentId,
    status: row.status as DeploymentStatus,
    environment: row.environment,
    commitSha: row.commitSha,
    branch: row.branch,
    commitMessage: row.commitMessage,
    framework: row.framework,
    url: row.url,
    startedAt: row.startedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    buildDurationMs: row.buildDurationMs,
    eventCount: row.eventCount,
  };
}

/** Deployments of the project started in [from, to) matching the filters; tenant first, always. */
function matching(projectId: string, span: Span, filters: DeploymentFilters): SQL {
  return and(
    eq(deployments.projectId, projectId),
    gte(deployments.startedAt, span.from),
    lt(deployments.startedAt, span.to),
    filters.status ? eq(deployments.status, filters.status) : undefined,
    filters.environment ? eq(deployments.environment, filters.environment) : undefined,
    filters.branch ? eq(deployments.branch, filters.branch) : undefined,
  )!;
}

/** The kind of the deployment list's cursors (lib/pagination.ts). */
export const DEPLOYMENTS_CURSOR = "deployments";

/** Newest first (ties by id, so the order is total and the keyset cursor exact). */
export async function listDeployments(
  db: Db,
  projectId: string,
  span: Span,
  filters: DeploymentFilters,
  page: { limit: number; cursor?: string },
): Promise<Page<DeploymentItem>> {
  const after = page.cursor ? decodeCursor(DEPLOYMENTS_CURSOR, page.cursor) : null;
  const rows = await db
    .select()
    .from(deployments)
    .where(
      and(
        matching(projectId, span, filters),
        after ? sql`(${deployments.startedAt}, ${deployments.deploymentId}) < (${after.t}::timestamptz, ${after.id})` : undefined,
      ),
    )
    .orderBy(desc(deployments.startedAt), desc(deployments.deploymentId))
    .limit(page.limit + 1);
  const data = rows.slice(0, page.limit).map(toItem);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > page.limit && last ? encodeCursor(DEPLOYMENTS_CURSOR, { t: last.startedAt, id: last.deploymentId }) : null };
}

export async function deploymentStats(db: Db, projectId: string, span: Span, filters: DeploymentFilters): Promise<DeploymentStats> {
  const where = matching(projectId, span, filters);
  const bounds = sql.raw(`array[${DURATION_BOUNDS.flatMap((b) => (b.maxMs === null ? [] : [b.maxMs])).join(",")}]::float8[]`);
  const [totals, statuses, days, frameworks, histogram] = await Promise.all([
    queryRows<{ n: number; finished: number; succeeded: number; failed: number; avg: number | null; p95: number | null }>(
      db,
      sql`select count(*)::float8 as n,
                 count(*) filter (where status_rank = 2)::float8 as finished,
                 count(*) filter (where status = 'succeeded')::float8 as succeeded,
                 count(*) filter (where status = 'failed')::float8 as failed,
                 avg(duration_ms) filter (where status_rank = 2)::float8 as avg,
                 (percentile_disc(0.95) within group (order by duration_ms) filter (where status_rank = 2))::float8 as p95
          from ${deployments} where ${where}`,
    ),
    queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::float8 as n from ${deployments} where ${where} group by status`),
    queryRows<{ day: number; succeeded: number; failed: number; other: number }>(
      db,
      sql`select floor(extract(epoch from started_at) / 86400)::int as day,
                 count(*) filter (where status = 'succeeded')::float8 as succeeded,
                 count(*) filter (where status = 'failed')::float8 as failed,
                 count(*) filter (where status not in ('succeeded', 'failed'))::float8 as other
          from ${deployments} where ${where} group by 1`,
    ),
    queryRows<{ framework: string | null; n: number }>(
      db,
      sql`select framework, count(*)::float8 as n from ${deployments} where ${where}
          group by framework order by n desc, framework nulls last limit 20`,
    ),
    queryRows<{ bucket: number; n: number }>(
      db,
      sql`select width_bucket(duration_ms, ${bounds}) as bucket, count(*)::float8 as n
          from ${deployments} where ${where} and status_rank = 2 and duration_ms is not null group by 1`,
    ),
  ]);
  const t = totals[0] ?? { n: 0, finished: 0, succeeded: 0, failed: 0, avg: null, p95: null };

  const byDay = new Map<number, DeploymentStats["byDay"][number]>();
  const lastDay = Math.floor((span.to.getTime() - 1) / DAY_MS);
  for (let d = Math.floor(span.from.getTime() / DAY_MS); d <= lastDay; d++) {
    byDay.set(d, { day: new Date(d * DAY_MS).toISOString().slice(0, 10), succeeded: 0, failed: 0, other: 0 });
  }
  for (const r of days) {
    const point = byDay.get(r.day);
    if (point) Object.assign(point, { succeeded: r.succeeded, failed: r.failed, other: r.other });
  }

  const byStatus = Object.fromEntries(deploymentStatuses.map((s) => [s, 0])) as Record<DeploymentStatus, number>;
  for (const r of statuses) if (r.status in byStatus) byStatus[r.status as DeploymentStatus] = r.n;

  let minMs = 0;
  const durationHistogram = DURATION_BOUNDS.map((b, i) => {
    const bucket = { label: b.label, minMs, maxMs: b.maxMs, count: histogram.find((h) => Number(h.bucket) === i)?.n ?? 0 };
    minMs = b.maxMs ?? minMs;
    return bucket;
  });

  return {
    total: t.n,
    finished: t.finished,
    successRate: rate(t.succeeded, t.finished),
    failureRate: rate(t.failed, t.finished),
    duration: { avg: t.avg, p95: t.p95 },
    byDay: [...byDay.values()],
    byStatus,
    frameworks: frameworks.map((f) => ({ framework: f.framework, count: f.n })),
    durationHistogram,
  };
}

/** Environments and branches seen in the window, whatever the filters (the bar offers the others too). */
export async function deploymentFacets(db: Db, projectId: string, span: Span): Promise<DeploymentFacets> {
  const where = matching(projectId, span, {});
  const [environments, branches] = await Promise.all([
    queryRows<{ value: string }>(db, sql`select distinct environment as value from ${deployments} where ${where} order by 1 limit 50`),
    queryRows<{ value: string }>(db, sql`select distinct branch as value from ${deployments} where ${where} and branch is not null order by 1 limit 100`),
  ]);
  return { environments: environments.map((r) => r.value), branches: branches.map((r) => r.value) };
}

/** `GET /deployments` in one call: the page of items, the window's stats and the filter facets. */
export async function getDeploymentList(db: Db, projectId: string, query: DeploymentsQuery, now = Date.now()): Promise<DeploymentList> {
  const { from, to } = resolveSpan(query, now);
  const span = { from: new Date(from), to: new Date(to) };
  const filters = { status: query.status, environment: query.environment, branch: query.branch };
  const [page, stats, facets] = await Promise.all([
    listDeployments(db, projectId, span, filters, query),
    deploymentStats(db, projectId, span, filters),
    deploymentFacets(db, projectId, span),
  ]);
  return { ...page, stats, facets };
}

export interface DeploymentEventItem {
  id: string;
  ts: string;
  status: DeploymentStatus;
  environment: string;
  commitSha: string | null;
  branch: string | null;
  commitMessage: string | null;
  framework: string | null;
  url: string | null;
  buildDurationMs: number | null;
  durationMs: number | null;
}

export interface LinkedIssue {
  issueId: string;
  title: string;
  level: string;
  status: string;
  count: number;
  lastSeen: string;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

export interface InvocationSummary {
  count: number;
  errors: number;
  errorRate: number | null;
  duration: Percentiles;
  /** The 10 most invoked functions. */
  functions: { functionName: string; count: number; errors: number; errorRate: number | null; duration: Percentiles }[];
}

export interface DeploymentDetail extends DeploymentItem {
  /** The deployment's own events, oldest first (at most 500). */
  events: DeploymentEventItem[];
  /** The raw-row bound of `linkedErrors` and `invocations`: [startedAt − 1 h, startedAt + 7 d]. */
  linkedWindow: { from: string; to: string };
  linkedErrors: { total: number; issueCount: number; issues: LinkedIssue[] };
  invocations: InvocationSummary;
}

/**
 * Raw rows linked to a deployment are read only near it: an hour before its start (clock
 * skew, pre-warming) to a week after. This keeps the scan on the (project_id, ts) index
 * instead of every row the project ever had; later rows of a long-lived deployment are not
 * counted (docs/api.md says so).
 */
const LINK_BEFORE_MS = 3_600_000;
const LINK_AFTER_MS = 7 * DAY_MS;
/** Ingest caps deployment ids at 128 characters, so a longer one cannot exist. */
const MAX_DEPLOYMENT_ID = 128;

/** One deployment with its events, linked errors and invocations; null when the project has no such deployment. */
export async function getDeployment(db: Db, projectId: string, deploymentId: string): Promise<DeploymentDetail | null> {
  if (deploymentId.length === 0 || deploymentId.length > MAX_DEPLOYMENT_ID) return null;
  const [row] = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.projectId, projectId), eq(deployments.deploymentId, deploymentId)))
    .limit(1);
  if (!row) return null;
  const from = new Date(row.startedAt.getTime() - LINK_BEFORE_MS);
  const to = new Date(row.startedAt.getTime() + LINK_AFTER_MS);
  const near = sql`project_id = ${projectId} and deployment_id = ${deploymentId}
    and ts >= ${from.toISOString()}::timestamptz and ts <= ${to.toISOString()}::timestamptz`;

  const [events, issues, invocations] = await Promise.all([
    db
      .select()
      .from(deploymentEvents)
      .where(and(eq(deploymentEvents.projectId, projectId), eq(deploymentEvents.deploymentId, deploymentId)))
      .orderBy(asc(deploymentEvents.ts), asc(deploymentEvents.eventId))
      .limit(500),
    // Window sums run before the limit: the totals cover every linked issue, not just the top 20.
    queryRows<{ issue_id: string; title: string; level: string; status: string; n: number; last_seen: number; total: number; issue_count: number }>(
      db,
      sql`select e.issue_id, i.title, i.level, i.status, count(*)::float8 as n, ${epochMs(sql`max(e.ts)`)} as last_seen,
                 (sum(count(*)) over ())::float8 as total, (count(*) over ())::float8 as issue_count
          from (select issue_id, ts from error_events where ${near}) e
          join issues i on i.project_id = ${projectId} and i.id = e.issue_id
          group by e.issue_id, i.title, i.level, i.status
          order by n desc, last_seen desc, e.issue_id
          limit 20`,
    ),
    // rollup(): one row per function plus the grand total (function_name null, grouping 1).
    queryRows<{ function_name: string | null; total: number; n: number; errors: number; p50: number | null; p95: number | null }>(
      db,
      sql`select function_name, grouping(function_name) as total, count(*)::float8 as n,
                 count(*) filter (where status <> 'success')::float8 as errors,
                 (percentile_disc(0.5) within group (order by duration_ms))::float8 as p50,
                 (percentile_disc(0.95) within group (order by duration_ms))::float8 as p95
          from invocations where ${near}
          group by rollup(function_name)`,
    ),
  ]);

  const grand = invocations.find((r) => Number(r.total) === 1);
  const functions = invocations
    .filter((r) => Number(r.total) === 0)
    .sort((a, b) => b.n - a.n || a.function_name!.localeCompare(b.function_name!))
    .slice(0, 10)
    .map((r) => ({ functionName: r.function_name!, count: r.n, errors: r.errors, errorRate: rate(r.errors, r.n), duration: { p50: r.p50, p95: r.p95 } }));

  return {
    ...toItem(row),
    events: events.map((e) => ({
      id: e.eventId,
      ts: e.ts.toISOString(),
      status: e.status as DeploymentStatus,
      environment: e.environment,
      commitSha: e.commitSha,
      branch: e.branch,
      commitMessage: e.commitMessage,
      framework: e.framework,
      url: e.url,
      buildDurationMs: e.buildDurationMs,
      durationMs: e.durationMs,
    })),
    linkedWindow: { from: from.toISOString(), to: to.toISOString() },
    linkedErrors: {
      total: issues[0]?.total ?? 0,
      issueCount: issues[0]?.issue_count ?? 0,
      issues: issues.map((r) => ({ issueId: r.issue_id, title: r.title, level: r.level, status: r.status, count: r.n, lastSeen: new Date(r.last_seen).toISOString() })),
    },
    invocations: {
      count: grand?.n ?? 0,
      errors: grand?.errors ?? 0,
      errorRate: rate(grand?.errors ?? 0, grand?.n ?? 0),
      duration: { p50: grand?.p50 ?? null, p95: grand?.p95 ?? null },
      functions,
    },
  };
}

/**
 * The deployment named by a URL segment. Ids are free text (`feat/x@1`), so links encode
 * them; whether the framework hands the segment over decoded or not, the exact id is tried
 * first and the decoded one only when that misses (an id may itself contain `%`).
 */
export async function getDeploymentBySegment(db: Db, projectId: string, segment: string): Promise<DeploymentDetail | null> {
  const exact = await getDeployment(db, projectId, segment);
  if (exact || !segment.includes("%")) return exact;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null; // a malformed escape cannot name anything
  }
  // Text PostgreSQL cannot store cannot name a stored deployment (and would fail the query).
  return decoded === segment || !isStorableText(decoded) ? null : getDeployment(db, projectId, decoded);
}
