import { describe, expect, it } from "vitest";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import * as vitalsRoute from "@/app/api/v1/projects/[projectId]/vitals/route";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();
const MIN = 60_000;

/**
 * KPI cards compare a window with the one of equal length before it. The dataset puts
 * known amounts in the last hour and in the hour before, so both sides can be checked.
 */
async function twoHours() {
  const tenant = await createTenant(db());
  const now = Date.now();
  const current = Array.from({ length: 40 }, (_, i) => 100 + i * 10); // in the last hour
  const previous = Array.from({ length: 30 }, (_, i) => 1000 + i * 10); // 70–100 minutes ago
  const events = [
    ...current.map((durationMs, i) => ({ type: "invocation", functionName: "api/cart", durationMs, status: i < 4 ? "error" : "success", coldStart: i < 2, timestamp: now - 5 * MIN - i * 1000 })),
    ...previous.map((durationMs, i) => ({ type: "invocation", functionName: "api/cart", durationMs, status: "success", timestamp: now - 70 * MIN - i * MIN })),
    ...Array.from({ length: 20 }, (_, i) => ({ type: "request", method: "get", route: "/api/cart", statusCode: i < 5 ? 502 : i < 8 ? 404 : 200, durationMs: 20 + i, timestamp: now - 10 * MIN })),
    { type: "request", method: "POST", route: "/api/cart", statusCode: 201, durationMs: 50, timestamp: now - 10 * MIN },
    ...Array.from({ length: 6 }, () => ({ type: "request", method: "GET", route: "/api/cart", statusCode: 200, durationMs: 30, timestamp: now - 80 * MIN })),
    { type: "error", name: "TypeError", message: "recent failure", timestamp: now - 3 * MIN },
    { type: "error", name: "OldError", message: "only yesterday", timestamp: now - 20 * 3_600_000 },
    { type: "log", level: "error", message: "payment declined", timestamp: now - 3 * MIN },
    { type: "log", level: "info", message: "cart viewed", timestamp: now - 3 * MIN },
    { type: "log", level: "info", message: "cart viewed", timestamp: now - 80 * MIN },
    ...[1000, 1100, 1200].map((value) => ({ type: "vital", name: "LCP", value, route: "/cart", timestamp: now - 4 * MIN })),
    ...[3000, 5000].map((value) => ({ type: "vital", name: "LCP", value, route: "/cart", timestamp: now - 75 * MIN })),
  ];
  await ingestBatch(db(), tenant.project.id, { events });
  await foldRollups(db(), tenant.project.id);
  const key = await createApiKey(db(), tenant, ["read"]);
  const get = async (route: { GET: typeof functionsRoute.GET }, q: string) =>
    call(route.GET, { path: `/x${q}`, params: { projectId: tenant.project.id }, headers: bearer(key) });
  return { tenant, current, previous, get };
}

describe("windows compared with the previous window", () => {
  it("functions and requests answer a summary of the window and of the one before", async () => {
    const { current, previous, get } = await twoHours();
    const fns = await (await get(functionsRoute, "?range=1h")).json();
    expect(fns.summary).toMatchObject({ count: 40, errors: 4, coldStarts: 2 });
    expect(fns.previousSummary).toMatchObject({ count: 30, errors: 0, coldStarts: 0 });
    // Nearest-rank p95 of each side, within the histogram's error.
    const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1];
    expect(Math.abs(fns.summary.p95 - p95(current)) / p95(current)).toBeLessThan(0.02);
    expect(Math.abs(fns.previousSummary.p95 - p95(previous)) / p95(previous)).toBeLessThan(0.02);

    const reqs = await (await get(requestsRoute, "?range=1h")).json();
    expect(reqs.summary).toMatchObject({ count: 21, errors: 5, clientErrors: 3 });
    expect(reqs.previousSummary).toMatchObject({ count: 6, errors: 0, clientErrors: 0 });
  });

  it("requests narrow to one route and method, which go together", async () => {
    const { get } = await twoHours();
    const one = await (await get(requestsRoute, "?range=1h&method=get&route=/api/cart")).json();
    expect(one.data).toHaveLength(1);
    expect(one.data[0]).toMatchObject({ method: "GET", route: "/api/cart", count: 20 });
    expect(one.summary.count).toBe(20);
    expect(one.previousSummary.count).toBe(6);

    const alone = await get(requestsRoute, "?range=1h&route=/api/cart");
    expect(alone.status).toBe(400);
    expect((await alone.json()).errors).toEqual([expect.objectContaining({ pointer: "query.method" })]);
  });

  it("the overview carries the previous window's totals, logs included", async () => {
    const { get } = await twoHours();
    const body = await (await get(overviewRoute, "?range=1h")).json();
    expect(body.totals).toMatchObject({ invocations: 40, requests: 21, errors: 1, logs: 2, logErrors: 1 });
    expect(body.previousTotals).toMatchObject({ invocations: 30, requests: 6, errors: 0, logs: 1, logErrors: 0 });
    expect(body.totals.invocationErrorRate).toBeCloseTo(0.1, 10);
    expect(body.previousTotals.invocationErrorRate).toBe(0);
  });

  it("vitals carry the previous window's p75 per vital", async () => {
    const { get } = await twoHours();
    const body = await (await get(vitalsRoute, "?range=1h")).json();
    const lcp = (list: { name: string; count: number; p75: number }[]) => list.find((v) => v.name === "LCP")!;
    expect(lcp(body.summary).count).toBe(3);
    expect(lcp(body.previousSummary).count).toBe(2);
    // Nearest-rank p75: 1200 of three samples, 5000 of two.
    expect(Math.abs(lcp(body.summary).p75 - 1200) / 1200).toBeLessThan(0.02);
    expect(Math.abs(lcp(body.previousSummary).p75 - 5000) / 5000).toBeLessThan(0.02);
  });

  it("issues narrow to those seen in the window when one is given", async () => {
    const { get } = await twoHours();
    const all = await (await get(issuesRoute, "")).json();
    expect(all.data.map((i: { title: string }) => i.title).sort()).toEqual(["OldError: only yesterday", "TypeError: recent failure"]);
    const lastHour = await (await get(issuesRoute, "?range=1h")).json();
    expect(lastHour.data.map((i: { title: string }) => i.title)).toEqual(["TypeError: recent failure"]);
    const day = await (await get(issuesRoute, "?range=24h")).json();
    expect(day.data).toHaveLength(2);
  });
});
