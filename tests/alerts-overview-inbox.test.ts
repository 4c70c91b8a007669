import { describe, expect, it } from "vitest";
import * as firingRoute from "@/app/api/v1/projects/[projectId]/alerts/firing/route";
import * as incidentsRoute from "@/app/api/v1/projects/[projectId]/alerts/route";
import * as ruleRoute from "@/app/api/v1/projects/[projectId]/alert-rules/[ruleId]/route";
import * as rulesRoute from "@/app/api/v1/projects/[projectId]/alert-rules/route";
import * as inboxReadRoute from "@/app/api/v1/inbox/read/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import { formatValue } from "@/lib/alerts/notices";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import type { User } from "@/lib/db/schema";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { useTestDatabase } from "./support/db";
import { actorOf, createApiKey, createOrg, createProject, createTenant, createUser, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

/**
 * What the dashboard's alert surfaces read: the Overview's "N alerts firing" banner
 * (GET /alerts/firing) and the top bar's bell (GET /inbox, POST /inbox/read), exercised as
 * the browser calls them, on incidents opened by the real tick over real telemetry.
 */

const db = useTestDatabase();
const MIN = 60_000;
const base = () => Math.floor(Date.now() / MIN) * MIN - 60 * MIN;

async function as(user: User) {
  return { cookie: await sessionCookie(user) };
}

function project(projectId: string, headers: Record<string, string>) {
  const p = `/api/v1/projects/${projectId}`;
  return {
    createRule: async (body: Record<string, unknown>) => {
      const res = await call(rulesRoute.POST, { path: `${p}/alert-rules`, params: { projectId }, method: "POST", headers, body });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    },
    deleteRule: (ruleId: string) => call(ruleRoute.DELETE, { path: `${p}/alert-rules/${ruleId}`, params: { projectId, ruleId }, method: "DELETE", headers }),
    firing: () => call(firingRoute.GET, { path: `${p}/alerts/firing`, params: { projectId }, headers }),
    incidents: async (query = "") => (await (await call(incidentsRoute.GET, { path: `${p}/alerts${query}`, params: { projectId }, headers })).json()).data,
  };
}

function inbox(headers: { cookie: string }) {
  return {
    list: async (query = "") => {
      const res = await call(inboxRoute.GET, { path: `/api/v1/inbox${query}`, params: {}, headers });
      expect(res.status).toBe(200);
      return res.json();
    },
    read: async (body: unknown) => (await call(inboxReadRoute.POST, { path: "/api/v1/inbox/read", params: {}, method: "POST", headers, body })).json(),
  };
}

/** Requests of the minute before `t`: every one a 5xx when `failing`. */
async function traffic(projectId: string, t: number, failing: boolean) {
  await ingestBatch(db(), projectId, {
    events: Array.from({ length: 12 }, (_, i) => ({ type: "request", method: "GET", route: "/api/cart", statusCode: failing ? 503 : 200, durationMs: 40, timestamp: t - MIN + i * 4000 })),
  });
}

async function tick(at: number) {
  await foldRollups(db());
  return evaluateDueRules(db(), { now: new Date(at) });
}

const breach = { metric: "request_error_rate", threshold: 5, windowMinutes: 5, pendingMinutes: 0, minSamples: 0 };

describe("the Overview's firing summary", () => {
  it("counts every firing incident, names the worst severity of all, and lists the worst first", async () => {
    const { user, project: p } = await createTenant(db());
    const owner = project(p.id, await as(user));
    expect(await (await owner.firing()).json()).toEqual({ firing: 0, worst: null, incidents: [] });

    const t0 = base();
    // The critical incident opens first; five low ones open a minute later and are newer.
    await owner.createRule({ ...breach, name: "Checkout down", severity: "critical" });
    await traffic(p.id, t0, true);
    await tick(t0 + 1000);
    for (let i = 0; i < 4; i++) await owner.createRule({ ...breach, name: `5xx ${i}`, severity: "low" });
    await owner.createRule({ name: "Busy", metric: "request_count", aggregation: "rate", threshold: 1, windowMinutes: 5, pendingMinutes: 0, minSamples: 0, severity: "low" });
    await traffic(p.id, t0 + MIN, true);
    await tick(t0 + MIN + 1000);

    const res = await owner.firing();
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary.firing).toBe(6);
    expect(summary.worst).toBe("critical");
    expect(summary.incidents).toHaveLength(5);
    expect(summary.incidents[0]).toMatchObject({ rule: { name: "Checkout down", severity: "critical", metric: "request_error_rate", aggregation: "rate", compareTo: null }, status: "firing", value: 100, threshold: 5 });
    expect(summary.incidents.slice(1).every((i: { rule: { severity: string } }) => i.rule.severity === "low")).toBe(true);

    // The value prints in the rule's unit: a rate of requests per minute, an error rate in percent.
    const busy = (await owner.incidents("?status=firing")).find((i: { rule: { name: string } }) => i.rule.name === "Busy");
    expect(busy.rule).toMatchObject({ metric: "request_count", aggregation: "rate" });
    expect(formatValue(busy.rule.metric, busy.rule.aggregation, busy.value, busy.rule.compareTo)).toMatch(/^[\d.]+\/min$/);
    const [critical] = summary.incidents;
    expect(formatValue(critical.rule.metric, critical.rule.aggregation, critical.value, critical.rule.compareTo)).toBe("100%");
  });

  it("forgets an incident once it resolves; a deleted rule's incident keeps its name but no longer its reading", async () => {
    const { user, project: p } = await createTenant(db());
    const owner = project(p.id, await as(user));
    const t0 = base();
    const rule = await owner.createRule({ ...breach, name: "5xx" });
    await traffic(p.id, t0, true);
    await tick(t0 + 1000);
    expect(await (await owner.firing()).json()).toMatchObject({ firing: 1, worst: "high" });

    expect((await owner.deleteRule(rule.id)).status).toBe(204);
    expect(await (await owner.firing()).json()).toEqual({ firing: 0, worst: null, incidents: [] });
    const [closed] = await owner.incidents();
    expect(closed).toMatchObject({ status: "resolved", rule: { id: null, name: "5xx", aggregation: null, compareTo: null } });
  });

  it("is read by members (viewers too) and read keys of the project; another project's member gets 404", async () => {
    const { user, org, project: p } = await createTenant(db());
    const viewer = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: org.id, role: "owner" }, actor: actorOf(user), input: { role: "viewer" } });
    await acceptInvitation(db(), { token, actor: actorOf(viewer) });
    expect((await project(p.id, await as(viewer)).firing()).status).toBe(200);
    expect((await project(p.id, bearer(await createApiKey(db(), { user, project: p }, ["read"]))).firing()).status).toBe(200);
    const stranger = await createTenant(db());
    expect((await project(p.id, await as(stranger.user)).firing()).status).toBe(404);
    expect((await project(p.id, {}).firing()).status).toBe(401);
  });
});

describe("the bell's inbox", () => {
  it("counts unread notifications across the user's organizations, pages newest first, and marks one or all read", async () => {
    const { user, project: shop } = await createTenant(db());
    const other = await createOrg(db(), user, "Side project");
    const blog = await createProject(db(), user, other, "Blog");
    const auth = await as(user);
    const t0 = base();
    for (const name of ["A", "B", "C"]) await project(shop.id, auth).createRule({ ...breach, name });
    await project(blog.id, auth).createRule({ ...breach, name: "Blog 5xx" });
    await traffic(shop.id, t0, true);
    await traffic(blog.id, t0, true);
    await tick(t0 + 1000);

    const me = inbox(auth);
    const first = await me.list("?limit=3");
    expect(first.unread).toBe(4);
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await me.list(`?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second).toMatchObject({ nextCursor: null, unread: 4 });
    const items = [...first.data, ...second.data];
    // One tick wrote all four at the same instant: the cursor still pages without a gap or a repeat.
    expect(new Set(items.map((n: { id: string }) => n.id)).size).toBe(4);
    expect(items.map((n: { project: { name: string } }) => n.project.name).sort()).toEqual(["Blog", "Web", "Web", "Web"]);
    const blogItem = items.find((n: { project: { name: string } }) => n.project.name === "Blog");
    expect(blogItem).toMatchObject({ read: false, severity: "high", type: "alert.firing", href: `/${other.slug}/${blog.slug}/alerts/${blogItem.incidentId}` });

    // Marking one read: that item reads as read, the count drops by one; a stranger's id is ignored.
    const stranger = await createTenant(db());
    await project(stranger.project.id, await as(stranger.user)).createRule({ ...breach, name: "theirs" });
    await traffic(stranger.project.id, t0 + MIN, true);
    await tick(t0 + MIN + 1000);
    const theirs = (await inbox(await as(stranger.user)).list()).data[0];
    expect(await me.read({ ids: [blogItem.id, theirs.id] })).toEqual({ marked: 1, unread: 3 });
    expect((await me.list()).data.find((n: { id: string }) => n.id === blogItem.id).read).toBe(true);
    expect((await me.list("?unread=true")).data).toHaveLength(3);
    expect((await inbox(await as(stranger.user)).list()).unread).toBe(1);

    expect(await me.read({ all: true })).toEqual({ marked: 3, unread: 0 });
    expect((await me.list()).data.every((n: { read: boolean }) => n.read)).toBe(true);
  });
});
