import { describe, expect, it } from "vitest";
import type { InboxItem } from "@/lib/alerts/inbox";
import { markedRead, unreadBadge, type InboxData } from "./inbox-cache";

const item = (id: string, read = false): InboxItem => ({
  id,
  type: "alert.firing",
  severity: "high",
  title: `[FIRING · high] ${id} — Web`,
  body: "Now 50%; fires when above 5%.",
  createdAt: "2026-03-01T12:00:00.000Z",
  read,
  project: { id: "prj_1", name: "Web", slug: "web", orgSlug: "acme" },
  incidentId: `inc_${id}`,
  href: `/acme/web/alerts/inc_${id}`,
});

// Two loaded pages; 5 unread in all, of which a, b (page 1) and d (page 2) are loaded.
const data: InboxData = {
  pages: [
    { data: [item("a"), item("b"), item("c", true)], nextCursor: "cur", unread: 5 },
    { data: [item("d"), item("e", true)], nextCursor: null, unread: 5 },
  ],
  pageParams: [null, "cur"],
};
const readIds = (d: InboxData | undefined) => d!.pages.flatMap((p) => p.data.filter((n) => n.read).map((n) => n.id));

describe("markedRead", () => {
  it("marks the given items on every page and lowers the count by the ones that were unread", () => {
    const after = markedRead(data, { ids: ["b", "c", "d", "zzz"] });
    expect(readIds(after)).toEqual(["b", "c", "d", "e"]);
    expect(after!.pages.map((p) => p.unread)).toEqual([3, 3]);
    expect(after!.pageParams).toEqual([null, "cur"]);
  });

  it("marks everything, the notifications not loaded yet included", () => {
    const after = markedRead(data, { all: true });
    expect(readIds(after)).toEqual(["a", "b", "c", "d", "e"]);
    expect(after!.pages.map((p) => p.unread)).toEqual([0, 0]);
  });

  it("leaves nothing when there is nothing loaded", () => {
    expect(markedRead(undefined, { all: true })).toBeUndefined();
  });
});

describe("unreadBadge", () => {
  it.each([
    [1, "1"],
    [42, "42"],
    [99, "99"],
    [100, "99+"],
    [12_345, "99+"],
  ])("%i → %s", (n, badge) => expect(unreadBadge(n)).toBe(badge));
});
