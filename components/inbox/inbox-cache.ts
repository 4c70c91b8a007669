import type { InfiniteData } from "@tanstack/react-query";
import type { InboxPage } from "@/lib/alerts/inbox";

/** What POST /api/v1/inbox/read takes. */
export type InboxTarget = { ids: string[] } | { all: true };
/** The bell's cache: the pages loaded so far, each keyed by the cursor that fetched it. */
export type InboxData = InfiniteData<InboxPage, string | null>;

/** The pages with `target` marked read, and the unread count lowered by as many as were unread. */
export function markedRead(data: InboxData | undefined, target: InboxTarget): InboxData | undefined {
  if (!data) return data;
  const ids = "ids" in target ? new Set(target.ids) : null;
  const hit = (id: string) => ids === null || ids.has(id);
  const newlyRead = new Set(data.pages.flatMap((p) => p.data.filter((n) => !n.read && hit(n.id)).map((n) => n.id))).size;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      unread: ids === null ? 0 : Math.max(0, p.unread - newlyRead),
      data: p.data.map((n) => (hit(n.id) ? { ...n, read: true } : n)),
    })),
  };
}

/** The bell's badge: the count, never wider than three characters. */
export function unreadBadge(count: number): string {
  return count > 99 ? "99+" : String(count);
}
