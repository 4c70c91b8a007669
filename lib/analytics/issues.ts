import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { errorEvents, issues, issueStatuses } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { decodeCursor, encodeCursor, paginationQuery, type Page } from "@/lib/pagination";
import { resolveSpan, windowQuery } from "./window";

export const listIssuesQuery = paginationQuery.merge(windowQuery).extend({
  status: z.enum(issueStatuses).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  environment: z.string().max(64).optional(),
  release: z.string().max(128).optional(),
  sort: z.enum(["lastSeen", "events"]).default("lastSeen"),
});

/** The kind of the issue list's cursors: the sort is part of it (a lastSeen cursor holds a time, an events cursor a count). */
export function issuesCursor(sort: z.output<typeof listIssuesQuery>["sort"]): string {
  return `issues:${sort}`;
}

export const updateIssueInput = z.object({ status: z.enum(issueStatuses) });

export type IssueSummary = typeof issues.$inferSelect & { regressed: boolean; trend: number[] };

const TREND_DAYS = 14;

/** Daily event counts of the last 14 days per issue, oldest first (one grouped query per page). */
async function trends(db: Db, projectId: string, ids: string[]): Promise<Map<string, number[]>> {
  const out = new Map(ids.map((id) => [id, Array<number>(TREND_DAYS).fill(0)]));
  if (ids.length === 0) return out;
  const today = Math.floor(Date.now() / 86_400_000);
  const rows = await queryRows<{ issue_id: string; day: number; n: number }>(
    db,
    sql`select issue_id, floor(extract(epoch from ts) / 86400)::int as day, count(*)::int as n
        from error_events
        where project_id = ${projectId} and issue_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
          and ts >= ${new Date((today - TREND_DAYS + 1) * 86_400_000).toISOString()}::timestamptz
        group by 1, 2`,
  );
  for (const r of rows) {
    const slot = r.day - (today - TREND_DAYS + 1);
    const series = out.get(r.issue_id);
    if (series && slot >= 0 && slot < TREND_DAYS) series[slot] = r.n;
  }
  return out;
}

/** Error groups, newest activity (or most events) first, keyset-paginated; optionally only those active in a window. */
export async function listIssues(db: Db, projectId: string, query: z.output<typeof listIssuesQuery>): Promise<Page<IssueSummary>> {
  const byEvents = query.sort === "events";
  const after = query.cursor ? decodeCursor(issuesCursor(query.sort), query.cursor) : null;
  // A window (range or from/to) narrows to issues with events in it; without one, all issues.
  const span = query.range || query.from !== undefined || query.to !== undefined ? resolveSpan(query) : null;
  const conditions: (SQL | undefined)[] = [
    eq(issues.projectId, projectId),
    query.status ? eq(issues.status, query.status) : undefined,
    span ? sql`${issues.lastSeen} >= ${new Date(span.from).toISOString()}::timestamptz and ${issues.firstSeen} <= ${new Date(span.to).toISOString()}::timestamptz` : undefined,
    query.q ? sql`(${issues.title} ilike ${`%${query.q}%`} or ${issues.culprit} ilike ${`%${query.q}%`})` : undefined,
    query.environment || query.release
      ? sql`exists (select 1 from ${errorEvents} e where e.project_id = ${issues.projectId} and e.issue_id = ${issues.id}
             ${query.environment ? sql`and e.environment = ${query.environment}` : sql``}
             ${query.release ? sql`and e.release = ${query.release}` : sql``})`
      : undefined,
    after
      ? byEvents
        ? sql`(${issues.eventCount}, ${issues.id}) < (${Number(after.t)}, ${after.id}::uuid)`
        : sql`(${issues.lastSeen}, ${issues.id}) < (${after.t}::timestamptz, ${after.id}::uuid)`
      : undefined,
  ];
  const rows = await db
    .select()
    .from(issues)
    .where(and(...conditions))
    .orderBy(byEvents ? desc(issues.eventCount) : desc(issues.lastSeen), desc(issues.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const trendOf = await trends(db, projectId, page.map((i) => i.id));
  const last = page.at(-1);
  return {
    data: page.map((i) => ({ ...i, regressed: i.regressedAt !== null, trend: trendOf.get(i.id)! })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor(issuesCursor(query.sort), { t: byEvents ? String(last.eventCount) : last.lastSeen.toISOString(), id: last.id })
        : null,
  };
}

async function findIssue(db: Db, projectId: string, issueId: string) {
  // Ids are UUIDs: anything else cannot exist (and must not reach the uuid cast).
  if (!z.guid().safeParse(issueId).success) throw new NotFoundError("issue");
  const [issue] = await db.select().from(issues).where(and(eq(issues.projectId, projectId), eq(issues.id, issueId))).limit(1);
  if (!issue) throw new NotFoundError("issue");
  return issue;
}

/** One group with its latest events (stack traces included) and what its events are tagged with. */
export async function getIssue(db: Db, projectId: string, issueId: string) {
  const issue = await findIssue(db, projectId, issueId);
  const latest = await db
    .select()
    .from(errorEvents)
    .where(and(eq(errorEvents.projectId, projectId), eq(errorEvents.issueId, issueId)))
    .orderBy(desc(errorEvents.ts))
    .limit(20);
  const tags = await queryRows<{ tag: string; value: string | null; n: number }>(
    db,
    sql`select tag, value, count(*)::int as n from (
          select 'environment' as tag, environment as value from error_events where project_id = ${projectId} and issue_id = ${issueId}::uuid
          union all select 'release', release from error_events where project_id = ${projectId} and issue_id = ${issueId}::uuid
          union all select 'route', route from error_events where project_id = ${projectId} and issue_id = ${issueId}::uuid
        ) t group by tag, value order by tag, n desc`,
  );
  const breakdown: Record<string, { value: string | null; count: number }[]> = { environment: [], release: [], route: [] };
  for (const t of tags) if (breakdown[t.tag].length < 10) breakdown[t.tag].push({ value: t.value, count: t.n });
  return { ...issue, regressed: issue.regressedAt !== null, latestEvents: latest, tags: breakdown };
}

export type IssueDetail = Awaited<ReturnType<typeof getIssue>>;

/** Resolve, ignore or reopen. Resolving clears the regression mark; a later event sets it again. */
export async function updateIssueStatus(db: Db, projectId: string, issueId: string, status: (typeof issueStatuses)[number]) {
  await findIssue(db, projectId, issueId);
  const [updated] = await db
    .update(issues)
    .set({
      status,
      resolvedAt: status === "resolved" ? sql`now()` : null,
      regressedAt: status === "resolved" ? null : sql`${issues.regressedAt}`,
    })
    .where(and(eq(issues.projectId, projectId), eq(issues.id, issueId)))
    .returning();
  return { ...updated, regressed: updated.regressedAt !== null };
}
