import { describe, expect, it } from "vitest";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import { hasTelemetry } from "@/lib/analytics/overview";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

/** A fixed dataset in the last hour; expected figures are computed here, independently. */
function dataset(now: number) {
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const at = (i: number) => now - 60_000 - (i % 50) * 60_000;
  const durations = Array.from({ length: 600 }, () => Math.round(15 * Math.exp(rand() * 3.5) * 10) / 10);
  const invocations = durations.map((durationMs, i) => ({
    type: "invocation", functionName: i % 3 ? "api/cart" : "api/checkout", durationMs, status: i % 20 === 0 ? "error" : "success", timestamp: at(i),
  }));
  const requests = Array.from({ length: 400 }, (_, i) => ({
    type: "request", method: "GET", route: "/api/items/[id]", statusCode: i % 20 === 0 ? 503 : i % 7 === 0 ? 404 : 200, durationMs: 12, timestamp: at(i),
  }));
  const errors = Array.from({ length: 7 }, (_, i) => ({ type: "error", name: i < 4 ? "TypeError" : "RangeError", message: `failure ${i}`, timestamp: at(i) }));
  const deployments = [
    { type: "deployment", deploymentId: "d1", status: "succeeded", timestamp: now - 40 * 60_000 },
    { type: "deployment", deploymentId: "d2", status: "succeeded", timestamp: now - 30 * 60_000 },
    { type: "deployment", deploymentId: "d3", status: "failed", timestamp: now - 20 * 60_000 },
    { type: "deployment", deploymentId: "old", status: "succeeded", timestamp: now - 3 * 3_600_000 },
  ];
  const sorted = [...durations].sort((a, b) => a - b);
  const exact = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  return {
    events: [...invocations, ...requests, ...errors, ...deployments],
    expected: {
      invocations: 600,
      invocationErrorRate: 30 / 600,
      requests: 400,
      requestErrorRate: 20 / 400,
      errors: 7,
      deployments: 3,
      deploymentSuccessRate: 2 / 3,
      p: { p50: exact(0.5), p95: exact(0.95), p99: exact(0.99) },
    },
  };
}

describe("GET /api/v1/projects/{projectId}/overview", () => {
  it("answers totals, rates, percentiles and a gap-free series that match the data sent", async () => {
    const tenant = await createTenant(db());
    const { events, expected } = dataset(Date.now());
    for (let i = 0; i < events.length; i += 500) await ingestBatch(db(), tenant.project.id, { events: events.slice(i, i + 500) });
    await foldRollups(db(), tenant.project.id);
    const key = await createApiKey(db(), tenant, ["read"]);

    const res = await call(overviewRoute.GET, { path: `/api/v1/projects/${tenant.project.id}/overview?range=1h`, params: { projectId: tenant.project.id }, headers: bearer(key) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.totals).toMatchObject({
      invocations: expected.invocations,
      requests: expected.requests,
      errors: expected.errors,
      deployments: expected.deployments,
      openIssues: 2,
    });
    expect(body.totals.invocationErrorRate).toBeCloseTo(expected.invocationErrorRate, 10);
    expect(body.totals.requestErrorRate).toBeCloseTo(expected.requestErrorRate, 10);
    expect(body.totals.deploymentSuccessRate).toBeCloseTo(expected.deploymentSuccessRate, 10);
    for (const q of ["p50", "p95", "p99"] as const) {
      const exact = expected.p[q];
      expect(Math.abs(body.totals.functionDuration[q] - exact) / exact, q).toBeLessThan(0.02);
    }
    // One point per minute of the (bucket-aligned) hour, none missing, adding up to the totals.
    expect(body.window.bucketMs).toBe(60_000);
    expect(body.series.length).toBeGreaterThanOrEqual(60);
    expect(body.series.length).toBeLessThanOrEqual(61);
    const sum = (k: string) => body.series.reduce((n: number, p: Record<string, number>) => n + p[k], 0);
    expect(sum("invocations")).toBe(600);
    expect(sum("requestErrors")).toBe(20);
    expect(sum("deployments")).toBe(3);

    // A session works too; the 3-hour-old deployment appears in a wider window.
    const wide = await call(overviewRoute.GET, {
      path: `/api/v1/projects/${tenant.project.id}/overview?range=6h`,
      params: { projectId: tenant.project.id },
      headers: { cookie: await sessionCookie(tenant.user) },
    });
    expect((await wide.json()).totals.deployments).toBe(4);
  });

  it("answers an empty window with zeros and nulls, not errors", async () => {
    const tenant = await createTenant(db());
    const res = await call(overviewRoute.GET, { path: `/x?range=24h`, params: { projectId: tenant.project.id }, headers: { cookie: await sessionCookie(tenant.user) } });
    const body = await res.json();
    expect(body.totals).toMatchObject({ invocations: 0, invocationErrorRate: null, functionDuration: { p50: null, p95: null, p99: null }, deploymentSuccessRate: null });
    expect(body.series).toHaveLength(25); // 24 h of hourly buckets, widened to whole buckets
  });

  it("refuses bad windows with query pointers, and other tenants with 404", async () => {
    const a = await createTenant(db());
    const b = await createTenant(db());
    const readA = await createApiKey(db(), a, ["read"]);
    const ingestA = await createApiKey(db(), a, ["ingest"]);
    const bad = await call(overviewRoute.GET, { path: `/x?range=2h`, params: { projectId: a.project.id }, headers: bearer(readA) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe("query.range");
    expect((await call(overviewRoute.GET, { path: `/x?range=90d&interval=1m`, params: { projectId: a.project.id }, headers: bearer(readA) })).status).toBe(400);
    expect((await call(overviewRoute.GET, { path: `/x`, params: { projectId: a.project.id }, headers: bearer(ingestA) })).status).toBe(403);
    expect((await call(overviewRoute.GET, { path: `/x`, params: { projectId: b.project.id }, headers: bearer(readA) })).status).toBe(404);
  });
});

describe("whether a project has telemetry (the dashboards' empty state)", () => {
  it("is yes right after the first stored batch, before any fold has merged its rollups", async () => {
    const { project } = await createTenant(db());
    expect(await hasTelemetry(db(), project.id)).toBe(false);
    await ingestBatch(db(), project.id, { events: [{ type: "error", name: "TypeError", message: "first" }] });
    // On PostgreSQL the deltas wait in rollups_pending for the fold; on PGlite they are merged already.
    expect(await hasTelemetry(db(), project.id)).toBe(true);
    await foldRollups(db());
    expect(await hasTelemetry(db(), project.id)).toBe(true);
  });
});
