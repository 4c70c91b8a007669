import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inboxNotifications, inboxReads, memberships, organizations, projects } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";
import { decodeCursor, encodeCursor, type Page } from "@/lib/pagination";

/**
 * The in-app inbox: notifications of the projects in the user's organizations, each read
 * or unread for that user alone. Written by the alert tick (the inbox channel).
 */
export interface InboxItem {
  id: string;
  type: string;
  severity: string | null;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
  project: { id: string; name: string; slug: string; orgSlug: string };
  incidentId: string | null;
  /** Where the item leads in the app. */
  href: string;
}

const CURSOR_KIND = "inbox";

/** The user's organizations' notifications; those meant for admins only to admins and owners. */
function visibleTo(userId: string): SQL {
  return sql`exists (select 1 from ${memberships} m where m.org_id = ${inboxNotifications.orgId} and m.user_id = ${userId}
    and (${inboxNotifications.audience} = 'members' or m.role in ('admin', 'owner')))`;
}

export async function listInbox(db: Db, userId: string, q: { unread?: boolean; limit: number; cursor?: string }): Promise<Page<InboxItem>> {
  const conditions: (SQL | undefined)[] = [visibleTo(userId)];
  if (q.unread) conditions.push(isNull(inboxReads.userId));
  if (q.cursor) {
    const c = decodeCursor(CURSOR_KIND, q.cursor);
    const t = new Date(c.t);
    if (Number.isNaN(t.getTime())) throw new ValidationError([{ pointer: "query.cursor", message: "Invalid cursor" }]);
    conditions.push(or(lt(inboxNotifications.createdAt, t), and(eq(inboxNotifications.createdAt, t), lt(inboxNotifications.id, c.id))));
  }
  const rows = await db
    .select({
      n: inboxNotifications,
      readBy: inboxReads.userId,
      projectName: projects.name,
      projectSlug: projects.slug,
      orgSlug: organizations.slug,
    })
    .from(inboxNotifications)
    .innerJoin(projects, eq(projects.id, inboxNotifications.projectId))
    .innerJoin(organizations, eq(organizations.id, inboxNotifications.orgId))
    .leftJoin(inboxReads, and(eq(inboxReads.notificationId, inboxNotifications.id), eq(inboxReads.userId, userId)))
    .where(and(...conditions))
    .orderBy(desc(inboxNotifications.createdAt), desc(inboxNotifications.id))
    .limit(q.limit + 1);
  const data = rows.slice(0, q.limit).map(({ n, readBy, projectName, projectSlug, orgSlug }) => ({
    id: n.id,
    type: n.type,
    severity: n.severity,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    read: readBy !== null,
    project: { id: n.projectId, name: projectName, slug: projectSlug, orgSlug },
    incidentId: n.incidentId,
    href: n.incidentId ? `/${orgSlug}/${projectSlug}/alerts/${n.incidentId}` : `/${orgSlug}/${projectSlug}/alerts`,
  }));
  const last = rows.length > q.limit ? data.at(-1) : undefined;
  return { data, nextCursor: last ? encodeCursor(CURSOR_KIND, { t: last.createdAt, id: last.id }) : null };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxNotifications)
    .leftJoin(inboxReads, and(eq(inboxReads.notificationId, inboxNotifications.id), eq(inboxReads.userId, userId)))
    .where(and(visibleTo(userId), isNull(inboxReads.userId)));
  return n;
}

/** What `GET /api/v1/inbox` answers: a page of notifications and the user's unread count across all of them. */
export type InboxPage = Page<InboxItem> & { unread: number };

/**
 * One page of the inbox with the unread count: the API's answer, and the top bar's
 * server prefetch, which must store that very shape under the bell's query key.
 */
export async function getInbox(db: Db, userId: string, q: { unread?: boolean; limit: number; cursor?: string }): Promise<InboxPage> {
  const [page, unread] = await Promise.all([listInbox(db, userId, q), unreadCount(db, userId)]);
  return { ...page, unread };
}

/** Marks notifications read for this user; ids they cannot see are ignored, as if unknown. */
export async function markRead(db: Db, userId: string, target: { ids: string[] } | { all: true }): Promise<{ marked: number }> {
  const scope = "all" in target ? visibleTo(userId) : and(visibleTo(userId), inArray(inboxNotifications.id, target.ids.length ? target.ids : [""]));
  const rows = await db
    .insert(inboxReads)
    .select(db.select({ userId: sql<string>`${userId}`.as("user_id"), notificationId: inboxNotifications.id, readAt: sql<Date>`now()`.as("read_at") }).from(inboxNotifications).where(scope))
    .onConflictDoNothing()
    .returning({ id: inboxReads.notificationId });
  return { marked: rows.length };
}
