import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as issueRoute from "@/app/api/v1/projects/[projectId]/issues/[issueId]/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import { issues } from "@/lib/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { useTestDatabase } from "./support/db";
import { actorOf, createApiKey, createTenant, createUser, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();
const stack = (fn: string) => `TypeError: x\n    at ${fn} (/var/task/app/api/pay/route.js:3:9)`;

async function seeded() {
  const tenant = await createTenant(db());
  const now = Date.now();
  await ingestBatch(db(), tenant.project.id, {
    events: [
      { type: "error", name: "TypeError", message: "card 4242 declined", stack: stack("charge"), environment: "production", release: "r1", route: "/api/pay", timestamp: now - 3000 },
      { type: "error", name: "TypeError", message: "card 1111 declined", stack: stack("charge"), environment: "production", release: "r2", route: "/api/pay", timestamp: now - 2000 },
      { type: "error", name: "TypeError", message: "card 9999 declined", stack: stack("charge"), environment: "staging", release: "r2", route: "/api/pay", timestamp: now - 1000 },
      { type: "error", name: "RangeError", message: "quantity out of range", stack: stack("addToCart"), environment: "production", timestamp: now - 500 },
    ],
  });
  const key = await createApiKey(db(), tenant, ["read"]);
  const list = async (query = "") =>
    (await call(issuesRoute.GET, { path: `/api/v1/projects/${tenant.project.id}/issues${query}`, params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
  return { ...tenant, key, list };
}

describe("issues API", () => {
  it("lists groups newest first with counts and a daily trend, filters them, and pages with a cursor", async () => {
    const { list } = await seeded();
    const all = await list();
    expect(all.data.map((i: { title: string }) => i.title)).toEqual(["RangeError: quantity out of range", "TypeError: card 9999 declined"]);
    expect(all.data.map((i: { eventCount: number }) => i.eventCount)).toEqual([1, 3]);
    expect(all.data[1].trend).toHaveLength(14);
    expect(all.data[1].trend.at(-1)).toBe(3); // all three today
    expect(all.data[1]).toMatchObject({ status: "unresolved", regressed: false, culprit: expect.stringContaining("charge") });

    expect((await list("?sort=events")).data[0].eventCount).toBe(3);
    expect((await list("?q=quantity")).data).toHaveLength(1);
    expect((await list("?environment=staging")).data.map((i: { eventCount: number }) => i.eventCount)).toEqual([3]);
    expect((await list("?release=r1")).data).toHaveLength(1);
    expect((await list("?status=resolved")).data).toHaveLength(0);

    const first = await list("?limit=1");
    expect(first.data).toHaveLength(1);
    const second = await list(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.data[0].id).not.toBe(first.data[0].id);
    expect(second.nextCursor).toBeNull();
    const bad = await list("?limit=500");
    expect(bad.errors[0].pointer).toBe("query.limit");
  });

  it("shows one group with its latest events, stack traces and tag breakdown", async () => {
    const { project, key, list } = await seeded();
    const typeError = (await list("?sort=events")).data[0];
    const res = await call(issueRoute.GET, { path: "/", params: { projectId: project.id, issueId: typeError.id }, headers: bearer(key) });
    const issue = await res.json();
    expect(issue.latestEvents).toHaveLength(3);
    expect(issue.latestEvents[0].message).toBe("card 9999 declined");
    expect(issue.latestEvents[0].stack).toContain("charge");
    expect(issue.tags.environment).toEqual([{ value: "production", count: 2 }, { value: "staging", count: 1 }]);
    expect(issue.tags.release).toEqual([{ value: "r2", count: 2 }, { value: "r1", count: 1 }]);
  });

  it("a member resolves an issue; a new event reopens it as a regression; a viewer may not change it", async () => {
    const { project, org, user, list } = await seeded();
    const issue = (await list("?sort=events")).data[0];
    const cookie = await sessionCookie(user);
    const patch = (status: string, c = cookie) =>
      call(issueRoute.PATCH, { path: "/", params: { projectId: project.id, issueId: issue.id }, method: "PATCH", headers: { cookie: c }, body: { status } });
    const resolved = await (await patch("resolved")).json();
    expect(resolved).toMatchObject({ status: "resolved", regressed: false });
    expect((await patch("fixed")).status).toBe(400);

    // The next event is newer than the resolution: stamped a millisecond after it, since an
    // event received in the very millisecond of the resolution is not newer and reopens nothing.
    const [{ resolvedAt }] = await db()
      .select({ resolvedAt: issues.resolvedAt })
      .from(issues)
      .where(and(eq(issues.projectId, project.id), eq(issues.id, issue.id)));
    const after = new Date(Math.max(Date.now(), resolvedAt!.getTime() + 1)).toISOString();
    await ingestBatch(db(), project.id, { events: [{ type: "error", name: "TypeError", message: "card 5 declined", stack: stack("charge"), timestamp: after }] });
    expect((await list("?sort=events")).data[0]).toMatchObject({ id: issue.id, status: "unresolved", regressed: true, eventCount: 4 });

    const viewer = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: org.id, role: "owner" }, actor: actorOf(user), input: { role: "viewer" } });
    await acceptInvitation(db(), { token, actor: actorOf(viewer) });
    expect((await patch("ignored", await sessionCookie(viewer))).status).toBe(403);
  });

  it("another project's issue, or a malformed id, is a 404", async () => {
    const a = await seeded();
    const b = await createTenant(db());
    const issue = (await a.list()).data[0];
    const keyB = await createApiKey(db(), b, ["read"]);
    expect((await call(issueRoute.GET, { path: "/", params: { projectId: b.project.id, issueId: issue.id }, headers: bearer(keyB) })).status).toBe(404);
    expect((await call(issueRoute.GET, { path: "/", params: { projectId: a.project.id, issueId: "nope" }, headers: bearer(a.key) })).status).toBe(404);
  });
});
