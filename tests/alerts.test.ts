import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as acknowledgeRoute from "@/app/api/v1/projects/[projectId]/alerts/[incidentId]/acknowledge/route";
import * as incidentRoute from "@/app/api/v1/projects/[projectId]/alerts/[incidentId]/route";
import * as incidentsRoute from "@/app/api/v1/projects/[projectId]/alerts/route";
import * as presetsRoute from "@/app/api/v1/projects/[projectId]/alert-rule-presets/route";
import * as previewRoute from "@/app/api/v1/projects/[projectId]/alert-rules/preview/route";
import * as ruleRoute from "@/app/api/v1/projects/[projectId]/alert-rules/[ruleId]/route";
import * as rulesRoute from "@/app/api/v1/projects/[projectId]/alert-rules/route";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import * as vitalsRoute from "@/app/api/v1/projects/[projectId]/vitals/route";
import * as deploymentsRoute from "@/app/api/v1/projects/[projectId]/deployments/route";
import * as inboxReadRoute from "@/app/api/v1/inbox/read/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { alertRules, alertStatesTable, auditLog, channels, deliveries, inboxNotifications, incidents, type User } from "@/lib/db/schema";
import { jobNamed } from "@/lib/jobs/registry";
import { deleteProject } from "@/lib/tenancy/projects";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { useTestDatabase } from "./support/db";
import { actorOf, createApiKey, createTenant, createUser, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();
const MIN = 60_000;
/** A whole minute an hour ago: the scenarios run on an injected clock in the recent past. */
const base = () => Math.floor(Date.now() / MIN) * MIN - 60 * MIN;

async function as(user: User) {
  return { cookie: await sessionCookie(user) };
}

function api(projectId: string, auth: Record<string, string>) {
  const headers = "cookie" in auth ? { cookie: auth.cookie } : auth;
  const p = `/api/v1/projects/${projectId}`;
  return {
    createRule: (body: unknown) => call(rulesRoute.POST, { path: `${p}/alert-rules`, params: { projectId }, method: "POST", headers, body }),
    listRules: () => call(rulesRoute.GET, { path: `${p}/alert-rules`, params: { projectId }, headers }),
    getRule: (ruleId: string) => call(ruleRoute.GET, { path: `${p}/alert-rules/${ruleId}`, params: { projectId, ruleId }, headers }),
    patchRule: (ruleId: string, body: unknown) => call(ruleRoute.PATCH, { path: `${p}/alert-rules/${ruleId}`, params: { projectId, ruleId }, method: "PATCH", headers, body }),
    deleteRule: (ruleId: string) => call(ruleRoute.DELETE, { path: `${p}/alert-rules/${ruleId}`, params: { projectId, ruleId }, method: "DELETE", headers }),
    preview: (body: unknown) => call(previewRoute.POST, { path: `${p}/alert-rules/preview`, params: { projectId }, method: "POST", headers, body }),
    presets: () => call(presetsRoute.GET, { path: `${p}/alert-rule-presets`, params: { projectId }, headers }),
    incidents: (query = "") => call(incidentsRoute.GET, { path: `${p}/alerts${query}`, params: { projectId }, headers }),
    incident: (incidentId: string) => call(incidentRoute.GET, { path: `${p}/alerts/${incidentId}`, params: { projectId, incidentId }, headers }),
    acknowledge: (incidentId: string) =>
      call(acknowledgeRoute.POST, { path: `${p}/alerts/${incidentId}/acknowledge`, params: { projectId, incidentId }, method: "POST", headers }),
    read: (route: typeof requestsRoute.GET, path: string) => call(route, { path: `${p}/${path}`, params: { projectId }, headers }),
  };
}

function inbox(auth: { cookie: string }) {
  return {
    list: async (query = "") => (await call(inboxRoute.GET, { path: `/api/v1/inbox${query}`, params: {}, headers: auth })).json(),
    read: (body: unknown) => call(inboxReadRoute.POST, { path: "/api/v1/inbox/read", params: {}, method: "POST", headers: auth, body }),
  };
}

const request = (t: number, status: number, durationMs = 100, extra: Record<string, unknown> = {}) => ({
  type: "request",
  method: "GET",
  route: "/api/cart",
  statusCode: status,
  durationMs,
  timestamp: t,
  ...extra,
});

/** Deliveries queued for a project (ticks evaluate every project's rules; tests count their own). */
async function queued(projectId: string): Promise<string[]> {
  const rows = await db().select({ type: deliveries.type }).from(deliveries).where(eq(deliveries.projectId, projectId));
  return rows.map((r) => r.type).sort();
}

async function tick(at: number) {
  await foldRollups(db());
  return evaluateDueRules(db(), { now: new Date(at) });
}

describe("alert rules API", () => {
  it("creates a rule with API.md's defaults and the project's inbox; lists, reads, edits and deletes it, all in the audit log", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const res = await owner.createRule({ name: "p95 latency", metric: "request_latency", aggregation: "p95", threshold: 1000 });
    expect(res.status).toBe(201);
    const rule = await res.json();
    expect(rule).toMatchObject({ name: "p95 latency", comparator: ">", windowMinutes: 5, minSamples: 20, pendingMinutes: 2, renotifyMinutes: 240, severity: "high", noData: "keep", enabled: true });
    expect(rule.channelIds).toHaveLength(1);
    expect((await (await owner.listRules()).json()).data.map((r: { id: string }) => r.id)).toEqual([rule.id]);

    const patched = await (await owner.patchRule(rule.id, { threshold: 800, severity: "critical" })).json();
    expect(patched).toMatchObject({ threshold: 800, severity: "critical", aggregation: "p95" });
    expect((await owner.deleteRule(rule.id)).status).toBe(204);
    expect((await owner.getRule(rule.id)).status).toBe(404);
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.projectId, project.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["alert_rule.created", "alert_rule.updated", "alert_rule.deleted"]));
  });

  it("answers invalid combinations with 400 and pointers", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const problem = async (body: unknown) => {
      const res = await owner.createRule(body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      return (await res.json()).errors.map((e: { pointer: string }) => e.pointer);
    };
    expect(await problem({ name: "x", metric: "error_count", aggregation: "p95", threshold: 1 })).toEqual(["/aggregation"]);
    expect(await problem({ name: "x", metric: "request_error_rate", threshold: 5, resolveThreshold: 9 })).toEqual(["/resolveThreshold"]);
    expect(await problem({ name: "x", metric: "vital", threshold: 2500 })).toEqual(["/filter/vital"]);
    expect(await problem({ name: "x", metric: "nope", threshold: 1 })).toEqual(["/metric"]);
    expect(await problem({ name: "x", metric: "error_count", threshold: 1, channelIds: ["chn_nope"] })).toEqual(["/channelIds/0"]);
  });

  it("viewers and read keys read; only members and above change; another project's rule is 404", async () => {
    const { user, org, project } = await createTenant(db());
    const viewer = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: org.id, role: "owner" }, actor: actorOf(user), input: { role: "viewer" } });
    await acceptInvitation(db(), { token, actor: actorOf(viewer) });
    const rule = await (await api(project.id, await as(user)).createRule({ name: "errors", metric: "error_count", threshold: 10 })).json();

    const asViewer = api(project.id, await as(viewer));
    expect((await asViewer.listRules()).status).toBe(200);
    expect((await asViewer.createRule({ name: "x", metric: "error_count", threshold: 1 })).status).toBe(403);
    expect((await asViewer.patchRule(rule.id, { threshold: 1 })).status).toBe(403);
    const key = await createApiKey(db(), { user, project }, ["read"]);
    const withKey = api(project.id, bearer(key));
    expect((await withKey.getRule(rule.id)).status).toBe(200);
    expect((await withKey.createRule({ name: "x", metric: "error_count", threshold: 1 })).status).toBe(403);

    const other = await createTenant(db());
    const stranger = api(other.project.id, await as(other.user));
    const call404 = await call(ruleRoute.GET, { path: "/", params: { projectId: other.project.id, ruleId: rule.id }, headers: await as(other.user) });
    expect(call404.status).toBe(404);
    expect((await stranger.patchRule(rule.id, { threshold: 1 })).status).toBe(404);
    // A rule cannot name another project's channel.
    const theirs = (await (await stranger.createRule({ name: "t", metric: "error_count", threshold: 1 })).json()).channelIds[0];
    const res = await api(project.id, await as(user)).createRule({ name: "y", metric: "error_count", threshold: 1, channelIds: [theirs] });
    expect(res.status).toBe(400);
  });

  it("offers the recommended presets, each a valid rule", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const presets = (await (await owner.presets()).json()).data as { key: string; rule: unknown }[];
    expect(presets.map((p) => p.key)).toEqual(["deployment-failed", "function-error-rate", "function-p95-duration", "api-5xx-rate", "error-spike", "new-issue", "heartbeat", "lcp-p75"]);
    for (const p of presets) expect((await owner.createRule(p.rule)).status).toBe(201);
  });
});

describe("the alerting loop", () => {
  it("fires on real telemetry, tells the inbox, is acknowledged, and resolves on healthy traffic", async () => {
    const { user, project } = await createTenant(db());
    const auth = await as(user);
    const owner = api(project.id, auth);
    const t0 = base();
    const rule = await (
      await owner.createRule({ name: "API 5xx", metric: "request_error_rate", threshold: 5, windowMinutes: 5, pendingMinutes: 0, minSamples: 10, renotifyMinutes: 0 })
    ).json();
    await ingestBatch(db(), project.id, { events: Array.from({ length: 20 }, (_, i) => request(t0 - 2 * MIN + i * 1000, i % 2 ? 500 : 200)) });

    await tick(t0 + 1000);
    expect(await queued(project.id)).toEqual(["alert.firing"]);
    const firing = (await (await owner.incidents("?status=firing")).json()).data;
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ rule: { id: rule.id, name: "API 5xx", severity: "high" }, status: "firing", value: 50, threshold: 5, acknowledgedAt: null });
    const me = inbox(auth);
    const unread = await me.list("?unread=true");
    expect(unread.unread).toBe(1);
    expect(unread.data[0]).toMatchObject({ title: expect.stringContaining("[FIRING · high] API 5xx"), incidentId: firing[0].id });
    expect((await (await owner.getRule(rule.id)).json()).status).toMatchObject({ state: "firing", value: 50 });

    const ack = await owner.acknowledge(firing[0].id);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ acknowledgedBy: user.email, acknowledgedAt: expect.any(String) });

    // Nothing in the next windows: no data, and noData "keep" keeps it firing.
    await tick(t0 + 6 * MIN);
    expect(await queued(project.id)).toEqual(["alert.firing"]);
    await ingestBatch(db(), project.id, { events: Array.from({ length: 30 }, (_, i) => request(t0 + 7 * MIN + i * 1000, 200)) });
    await tick(t0 + 9 * MIN);
    expect(await queued(project.id)).toEqual(["alert.firing", "alert.resolved"]);

    const detail = await (await owner.incident(firing[0].id)).json();
    expect(detail).toMatchObject({ status: "resolved", peak: 50, value: 0 });
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(["opened", "notified", "acknowledged", "resolved", "notified"]);
    const all = await me.list();
    expect(all.data.map((n: { title: string }) => n.title.slice(0, 11))).toEqual(["[RESOLVED ·", "[FIRING · h"]);
    expect((await (await me.read({ all: true })).json())).toMatchObject({ marked: 2, unread: 0 });
  });

  it("ten concurrent ticks evaluate each rule once and queue one notification per transition", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    for (let i = 0; i < 5; i++) await owner.createRule({ name: `errors ${i}`, metric: "request_error_rate", threshold: 5, pendingMinutes: 0, minSamples: 0 });
    await ingestBatch(db(), project.id, { events: Array.from({ length: 10 }, (_, i) => request(t0 - MIN + i * 1000, 503)) });
    await foldRollups(db());
    const runs = await Promise.all(Array.from({ length: 10 }, () => evaluateDueRules(db(), { now: new Date(t0 + 5000) })));
    expect(runs.every((r) => r.minute === new Date(t0).toISOString())).toBe(true);
    expect(await queued(project.id)).toEqual(Array(5).fill("alert.firing"));
    const states = await db().select({ at: alertStatesTable.evaluatedAt }).from(alertStatesTable).where(eq(alertStatesTable.projectId, project.id));
    expect(states).toHaveLength(5);
    // The same minute again: nothing of this project is due.
    await evaluateDueRules(db(), { now: new Date(t0 + 30_000) });
    expect(await queued(project.id)).toEqual(Array(5).fill("alert.firing"));
  });

  it("a server down for 10 minutes does not send 10 minutes of catch-up notifications", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "5xx", metric: "request_error_rate", threshold: 5, pendingMinutes: 0, minSamples: 0, renotifyMinutes: 1, windowMinutes: 30 });
    await ingestBatch(db(), project.id, { events: Array.from({ length: 10 }, (_, i) => request(t0 - MIN + i * 1000, 500)) });
    await tick(t0 + 1000);
    await tick(t0 + 11 * MIN);
    expect(await queued(project.id)).toEqual(["alert.firing", "alert.renotify"]);
  });

  it("mute: the incident is recorded and visible, nothing is sent", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "5xx", metric: "request_error_rate", threshold: 5, pendingMinutes: 0, minSamples: 0, mutedUntil: new Date(t0 + 60 * MIN).toISOString() });
    await ingestBatch(db(), project.id, { events: [request(t0 - MIN, 500)] });
    await tick(t0 + 1000);
    expect(await queued(project.id)).toEqual([]);
    const [incident] = (await (await owner.incidents()).json()).data;
    expect(incident).toMatchObject({ status: "firing", muted: true });
    const detail = await (await owner.incident(incident.id)).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(["opened", "muted"]);
  });

  it("a heartbeat waits for the first event, then fires on silence and resolves when events return", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "heartbeat", metric: "heartbeat", filter: { type: "request" }, windowMinutes: 5 });
    await tick(t0 - 20 * MIN);
    expect(await queued(project.id)).toEqual([]);
    expect((await (await owner.listRules()).json()).data[0].status).toMatchObject({ state: "ok", note: "waiting for the first event" });
    await ingestBatch(db(), project.id, { events: [request(t0 - 17 * MIN, 200)] });
    await tick(t0 - 15 * MIN);
    expect(await queued(project.id)).toEqual([]);
    await tick(t0 - 5 * MIN);
    expect(await queued(project.id)).toEqual(["alert.firing"]);
    await ingestBatch(db(), project.id, { events: [request(t0 - 2 * MIN, 200)] });
    await tick(t0);
    expect(await queued(project.id)).toEqual(["alert.firing", "alert.resolved"]);
  });

  it("groupBy opens one incident per group", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "per route", metric: "request_error_rate", groupBy: "route", threshold: 5, pendingMinutes: 0, minSamples: 0 });
    await ingestBatch(db(), project.id, {
      events: [request(t0 - MIN, 500, 10, { route: "/a" }), request(t0 - MIN, 500, 10, { route: "/b" }), request(t0 - MIN, 200, 10, { route: "/c" })],
    });
    await owner.createRule({ name: "calm per route", metric: "request_error_rate", groupBy: "route", threshold: 100, pendingMinutes: 0, minSamples: 0 });
    await tick(t0 + 1000);
    const groups = (await (await owner.incidents()).json()).data.map((i: { group: string }) => i.group).sort();
    expect(groups).toEqual(["/a", "/b"]);
    // The rules list says both were judged this minute, though a calm grouped rule keeps no state rows.
    const statuses = (await (await owner.listRules()).json()).data.map((r: { name: string; status: unknown }) => [r.name, r.status]);
    expect(statuses).toEqual([
      ["per route", expect.objectContaining({ state: "firing", firing: 2, evaluatedAt: new Date(t0).toISOString() })],
      ["calm per route", expect.objectContaining({ state: "ok", firing: 0, evaluatedAt: new Date(t0).toISOString() })],
    ]);
  });

  it("error counts per route and per function, filtered by level", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "route errors", metric: "error_count", groupBy: "route", filter: { level: "error" }, threshold: 2, pendingMinutes: 0 });
    await owner.createRule({ name: "pay errors", metric: "error_count", filter: { functionName: "api/pay" }, threshold: 2, pendingMinutes: 0 });
    const error = (route: string, functionName: string, level = "error") => ({ type: "error", name: "E", message: "x", level, route, functionName, timestamp: t0 - MIN });
    await ingestBatch(db(), project.id, {
      events: [error("/a", "api/pay"), error("/a", "api/pay"), error("/a", "api/cart"), error("/b", "api/pay", "warning"), error("/b", "api/cart"), error("/c", "api/cart")],
    });
    await tick(t0 + 1000);
    const firing = (await (await owner.incidents()).json()).data.map((i: { rule: { name: string }; group: string | null; value: number }) => [i.rule.name, i.group, i.value]);
    expect(firing.sort()).toEqual([
      ["pay errors", null, 3],
      ["route errors", "/a", 3],
    ]);
  });

  it("groupBy is capped at 100 groups per rule and evaluation, the busiest kept", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "per route", metric: "request_error_rate", groupBy: "route", threshold: 5, pendingMinutes: 0, minSamples: 0 });
    // 105 failing routes; the first five carry two requests, the rest one.
    const events = Array.from({ length: 105 }, (_, i) => request(t0 - MIN, 500, 10, { route: `/r${i}` }));
    events.push(...Array.from({ length: 5 }, (_, i) => request(t0 - MIN, 500, 10, { route: `/r${i}` })));
    await ingestBatch(db(), project.id, { events });
    const summary = await tick(t0 + 1000);
    expect(summary.groupsSkipped).toBeGreaterThanOrEqual(5);
    const open = (await (await owner.incidents("?limit=200")).json()).data.map((i: { group: string }) => i.group);
    expect(open).toHaveLength(100);
    for (let i = 0; i < 5; i++) expect(open).toContain(`/r${i}`);
  });

  it("event metrics: a new issue opens an incident of its own, and it resolves once the window passes", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const t0 = base();
    await owner.createRule({ name: "new issue", metric: "new_issue", windowMinutes: 5 });
    await ingestBatch(db(), project.id, {
      events: [
        { type: "error", name: "TypeError", message: "a", timestamp: t0 - MIN },
        { type: "error", name: "RangeError", message: "b", timestamp: t0 - MIN },
      ],
    });
    await tick(t0 + 1000);
    expect(await queued(project.id)).toEqual(["alert.firing", "alert.firing"]);
    const opened = (await (await owner.incidents()).json()).data;
    expect(opened.map((i: { groupLabel: string }) => i.groupLabel).sort()).toEqual(["RangeError: b", "TypeError: a"]);
    await tick(t0 + 10 * MIN);
    expect(await queued(project.id)).toEqual(["alert.firing", "alert.firing", "alert.resolved", "alert.resolved"]);
    expect((await (await owner.incidents("?status=firing")).json()).data).toHaveLength(0);
  });
});

describe("occurrence storms", () => {
  it("at most 20 new incidents per rule and evaluation; the rest in one summary notice, never opened later", async () => {
    const { user, project } = await createTenant(db());
    const auth = await as(user);
    const owner = api(project.id, auth);
    const t0 = base();
    await owner.createRule({ name: "new issue", metric: "new_issue", windowMinutes: 5 });
    const events = Array.from({ length: 25 }, (_, i) => ({ type: "error", name: `E${i}`, message: "x", stack: `E${i}: x\n    at f${i} (/app/f${i}.js:1:1)`, timestamp: t0 - MIN }));
    await ingestBatch(db(), project.id, { events });
    await tick(t0 + 1000);
    expect((await (await owner.incidents("?status=firing&limit=200")).json()).data).toHaveLength(20);
    const notes = (await inbox(auth).list()).data.filter((n: { project: { id: string } }) => n.project.id === project.id);
    expect(notes).toHaveLength(21);
    expect(notes.filter((n: { incidentId: string | null }) => n.incidentId === null).map((n: { title: string }) => n.title)).toEqual([expect.stringContaining("5 more")]);
    await tick(t0 + 2 * MIN);
    expect((await (await owner.incidents("?limit=200")).json()).data).toHaveLength(20);
  });
});

describe("a rule's value is the read API's figure for the same window and filter", () => {
  it("for every rollup metric", async () => {
    const { user, project } = await createTenant(db());
    const auth = await as(user);
    const owner = api(project.id, auth);
    const end = Math.floor(Date.now() / MIN) * MIN;
    const t = (i: number) => end - 50 * MIN + i * 997;
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      events.push(request(t(i), i % 17 === 0 ? 502 : 200, 20 + ((i * 37) % 900), { environment: i % 3 ? "production" : "preview" }));
      events.push({ type: "invocation", functionName: i % 2 ? "api/cart" : "api/pay", durationMs: 5 + ((i * 53) % 2000), status: i % 11 === 0 ? "error" : "success", timestamp: t(i) });
      if (i % 4 === 0) events.push({ type: "vital", name: "LCP", value: 800 + ((i * 71) % 4000), route: "/", timestamp: t(i) });
      if (i % 5 === 0) events.push({ type: "error", name: "E", message: `m${i % 3}`, level: i % 2 ? "error" : "warning", timestamp: t(i) });
      if (i % 3 === 0) events.push({ type: "log", level: i % 2 ? "info" : "error", message: "hello", timestamp: t(i) });
      if (i % 20 === 0) {
        const id = `dpl_${i}`;
        events.push({ type: "deployment", deploymentId: id, status: "started", timestamp: t(i) });
        events.push({ type: "deployment", deploymentId: id, status: i % 60 === 0 ? "failed" : "succeeded", timestamp: t(i) + 30_000 + i * 100 });
      }
    }
    for (let i = 0; i < events.length; i += 1000) await ingestBatch(db(), project.id, { events: events.slice(i, i + 1000) });
    const rules: Record<string, Record<string, unknown>> = {
      requestCount: { metric: "request_count", threshold: 1e9 },
      requestErrorRate: { metric: "request_error_rate", threshold: 1e9 },
      p50: { metric: "request_latency", aggregation: "p50", threshold: 1e9 },
      p95: { metric: "request_latency", aggregation: "p95", threshold: 1e9 },
      p99: { metric: "request_latency", aggregation: "p99", threshold: 1e9 },
      invocationCount: { metric: "invocation_count", threshold: 1e9 },
      invocationErrorRate: { metric: "invocation_error_rate", threshold: 1e9 },
      invocationP95: { metric: "invocation_duration", aggregation: "p95", threshold: 1e9 },
      cartP95: { metric: "invocation_duration", aggregation: "p95", filter: { functionName: "api/cart" }, threshold: 1e9 },
      lcp: { metric: "vital", filter: { vital: "LCP" }, threshold: 1e9 },
      errors: { metric: "error_count", threshold: 1e9 },
      logs: { metric: "log_count", threshold: 1e9 },
      logErrors: { metric: "log_count", filter: { level: "error" }, threshold: 1e9 },
      failureRate: { metric: "deployment_failure_rate", threshold: 1e9 },
      avgDuration: { metric: "deployment_duration", aggregation: "avg", threshold: 1e9 },
      p95Duration: { metric: "deployment_duration", aggregation: "p95", threshold: 1e9 },
    };
    const ids: Record<string, string> = {};
    for (const [name, body] of Object.entries(rules)) ids[name] = (await (await owner.createRule({ name, windowMinutes: 60, minSamples: 0, ...body })).json()).id;
    await tick(end + 1000);
    const values = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => {
          const [s] = await db().select({ value: alertStatesTable.value }).from(alertStatesTable).where(and(eq(alertStatesTable.ruleId, id), eq(alertStatesTable.groupKey, "")));
          return [name, s.value] as const;
        }),
      ),
    );
    const win = `from=${end - 60 * MIN}&to=${end}&interval=1m`;
    const req = await (await owner.read(requestsRoute.GET, `requests?${win}`)).json();
    const fns = await (await owner.read(functionsRoute.GET, `functions?${win}`)).json();
    const cart = await (await owner.read(functionsRoute.GET, `functions?${win}&functionName=api/cart`)).json();
    const vitals = await (await owner.read(vitalsRoute.GET, `vitals?${win}`)).json();
    const overview = await (await owner.read(overviewRoute.GET, `overview?${win}`)).json();
    expect(values.requestCount).toBe(400);
    expect(values.requestCount).toBe(req.summary.count);
    expect(values.requestErrorRate).toBeCloseTo((100 * req.summary.errors) / req.summary.count, 9);
    expect([values.p50, values.p95, values.p99]).toEqual([req.summary.p50, req.summary.p95, req.summary.p99]);
    expect(values.invocationCount).toBe(fns.summary.count);
    expect(values.invocationErrorRate).toBeCloseTo((100 * fns.summary.errors) / fns.summary.count, 9);
    expect(values.invocationP95).toBe(fns.summary.p95);
    expect(values.cartP95).toBe(cart.summary.p95);
    expect(values.lcp).toBe(vitals.summary.find((v: { name: string }) => v.name === "LCP").p75);
    expect(values.errors).toBe(overview.totals.errors);
    expect(values.logs).toBe(overview.totals.logs);
    expect(values.logErrors).toBe(overview.totals.logErrors);
    const deployments = await (await owner.read(deploymentsRoute.GET, `deployments?${win}`)).json();
    const deploymentValues = await Promise.all(
      ["failureRate", "avgDuration", "p95Duration"].map(async (name) => {
        const [s] = await db().select({ value: alertStatesTable.value }).from(alertStatesTable).where(and(eq(alertStatesTable.ruleId, ids[name]), eq(alertStatesTable.groupKey, "")));
        return s.value;
      }),
    );
    expect(deploymentValues).toEqual([100 * deployments.stats.failureRate, deployments.stats.duration.avg, deployments.stats.duration.p95]);
    // And against values computed here from the events sent, independently of any rollup.
    const sent = (type: string) => events.filter((e) => e.type === type) as Record<string, never>[];
    const pct = (part: number, whole: number) => (100 * part) / whole;
    const nearestRank = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1];
    expect(values.requestErrorRate).toBeCloseTo(pct(sent("request").filter((e) => e.statusCode >= 500).length, 400), 9);
    expect(values.invocationErrorRate).toBeCloseTo(pct(sent("invocation").filter((e) => e.status !== "success").length, 400), 9);
    expect(values.errors).toBe(sent("error").length);
    expect(values.logs).toBe(sent("log").length);
    expect(values.logErrors).toBe(sent("log").filter((e) => e.level === "error").length);
    // Percentiles come from log-scale histograms (2% buckets): within 2% of the exact figure.
    const lcpExact = nearestRank(sent("vital").map((e) => e.value), 0.75);
    expect(Math.abs(values.lcp! - lcpExact) / lcpExact).toBeLessThan(0.02);
    const p95Exact = nearestRank(sent("request").map((e) => e.durationMs), 0.95);
    expect(Math.abs(values.p95! - p95Exact) / p95Exact).toBeLessThan(0.02);
    const finished = sent("deployment").filter((e) => e.status !== "started");
    expect(deploymentValues[0]).toBeCloseTo(pct(finished.filter((e) => e.status === "failed").length, finished.length), 9);
    // The dataset is not empty anywhere: each figure is a real one.
    for (const v of Object.values(values)) expect(v).toBeGreaterThan(0);
  });
});

describe("preview", () => {
  it("replays the rule over past minutes with the evaluator and says how often it would have fired", async () => {
    const { user, project } = await createTenant(db());
    const owner = api(project.id, await as(user));
    const end = Math.floor(Date.now() / MIN) * MIN;
    // Two bursts of 5xx, 3 hours apart, each 3 minutes long, over steady traffic.
    const events = [];
    for (let m = 300; m > 0; m--) {
      const burst = (m <= 200 && m > 197) || (m <= 20 && m > 17);
      for (let i = 0; i < 5; i++) events.push(request(end - m * MIN + i * 5000, burst && i < 3 ? 500 : 200));
    }
    for (let i = 0; i < events.length; i += 500) await ingestBatch(db(), project.id, { events: events.slice(i, i + 500) });
    await foldRollups(db());
    const res = await owner.preview({ range: "24h", rule: { metric: "request_error_rate", threshold: 20, windowMinutes: 5, pendingMinutes: 0, minSamples: 0 } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.wouldFire).toBe(2);
    expect(body.threshold).toBe(20);
    expect(body.series.length).toBeLessThanOrEqual(720);
    expect(body.incidents.map((i: { peak: number }) => i.peak)).toEqual([36, 36]);
    const bad = await owner.preview({ range: "24h", rule: { metric: "error_count", aggregation: "p95", threshold: 1, resolveThreshold: 5 } });
    expect(bad.status).toBe(400);
    // Pointers point into the preview's body, where the rule sits under `rule`.
    expect((await bad.json()).errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/rule/aggregation", "/rule/resolveThreshold"]);
    const badRange = await owner.preview({ range: "30d", rule: { metric: "error_count", threshold: 1 } });
    expect((await badRange.json()).errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/range"]);
  });
});

describe("retention and deletion", () => {
  async function firedAndResolved() {
    const tenant = await createTenant(db());
    const owner = api(tenant.project.id, await as(tenant.user));
    const t0 = base();
    const rule = await (await owner.createRule({ name: "5xx", metric: "request_error_rate", threshold: 5, windowMinutes: 1, pendingMinutes: 0, minSamples: 0, noData: "ok" })).json();
    await ingestBatch(db(), tenant.project.id, { events: [request(t0 - 30_000, 500)] });
    await tick(t0 + 1000);
    await tick(t0 + 3 * MIN);
    return { ...tenant, owner, rule };
  }

  it("deleting a rule keeps its resolved incidents readable", async () => {
    const { owner, rule } = await firedAndResolved();
    expect((await owner.deleteRule(rule.id)).status).toBe(204);
    const [incident] = (await (await owner.incidents()).json()).data;
    expect(incident).toMatchObject({ status: "resolved", rule: { id: null, name: "5xx" } });
    expect((await owner.incident(incident.id)).status).toBe(200);
  });

  it("incidents and inbox entries follow the project's retention", async () => {
    const { user, project, owner } = await firedAndResolved();
    const retention = jobNamed("retention")!;
    await retention.run(db(), { now: new Date() });
    expect((await (await owner.incidents()).json()).data).toHaveLength(1);
    await retention.run(db(), { now: new Date(Date.now() + 31 * 86_400_000) });
    expect((await (await owner.incidents()).json()).data).toHaveLength(0);
    expect((await inbox(await as(user)).list()).data.filter((n: { project: { id: string } }) => n.project.id === project.id)).toHaveLength(0);
  });

  it("deleting the project removes all of it", async () => {
    const { user, org, project } = await firedAndResolved();
    await deleteProject(db(), { access: { project, org, role: "owner" }, actor: actorOf(user), confirmation: project.slug });
    for (const table of [alertRules, incidents, deliveries, inboxNotifications, channels]) {
      expect(await db().select().from(table).where(eq(table.projectId, project.id))).toEqual([]);
    }
  });
});

describe("tenancy", () => {
  it("another project's incidents and another organization's inbox entries are out of reach; a viewer cannot acknowledge", async () => {
    const a = await createTenant(db());
    const b = await createTenant(db());
    const t0 = base();
    await api(a.project.id, await as(a.user)).createRule({ name: "5xx", metric: "request_error_rate", threshold: 5, pendingMinutes: 0, minSamples: 0 });
    await ingestBatch(db(), a.project.id, { events: [request(t0 - MIN, 500)] });
    await tick(t0 + 1000);
    const [incident] = (await (await api(a.project.id, await as(a.user)).incidents()).json()).data;

    // B, signed in, names A's incident under B's project and under A's: 404 both ways.
    const asB = await as(b.user);
    expect((await api(b.project.id, asB).incident(incident.id)).status).toBe(404);
    expect((await api(b.project.id, asB).acknowledge(incident.id)).status).toBe(404);
    expect((await api(a.project.id, asB).incident(incident.id)).status).toBe(404);
    expect((await api(a.project.id, asB).incidents()).status).toBe(404);
    // B's inbox holds nothing of A's, and marking A's notification read does nothing.
    const bInbox = inbox(asB);
    expect((await bInbox.list()).data.some((n: { project: { id: string } }) => n.project.id === a.project.id)).toBe(false);
    const aInbox = inbox(await as(a.user));
    const [note] = (await aInbox.list()).data;
    expect(await (await bInbox.read({ ids: [note.id] })).json()).toMatchObject({ marked: 0 });
    expect((await aInbox.list("?unread=true")).data.map((n: { id: string }) => n.id)).toContain(note.id);
    // An API key is not a user: the inbox is for people.
    const key = await createApiKey(db(), a, ["read"]);
    expect((await call(inboxRoute.GET, { path: "/api/v1/inbox", params: {}, headers: bearer(key) })).status).toBe(403);

    const viewer = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: a.org.id, role: "owner" }, actor: actorOf(a.user), input: { role: "viewer" } });
    await acceptInvitation(db(), { token, actor: actorOf(viewer) });
    const asViewer = api(a.project.id, await as(viewer));
    expect((await asViewer.incident(incident.id)).status).toBe(200);
    expect((await asViewer.acknowledge(incident.id)).status).toBe(403);
    // The viewer is a member of A's organization: A's notifications are in their inbox too.
    expect((await inbox(await as(viewer)).list()).data.map((n: { id: string }) => n.id)).toContain(note.id);
  });
});
