import { describe, expect, it } from "vitest";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

describe("functions and requests", () => {
  it("per function: counts, error and cold-start rates and percentiles match the data; ?functionName narrows", async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    const checkout = Array.from({ length: 300 }, (_, i) => 40 + ((i * 37) % 900));
    const search = Array.from({ length: 100 }, (_, i) => 5 + (i % 20));
    const events = [
      ...checkout.map((durationMs, i) => ({ type: "invocation", functionName: "api/checkout", durationMs, status: i % 10 === 0 ? "timeout" : "success", coldStart: i % 4 === 0, timestamp: now - 1000 - i * 1000 })),
      ...search.map((durationMs, i) => ({ type: "invocation", functionName: "api/search", durationMs, status: "success", timestamp: now - 1000 - i * 1000 })),
    ];
    await ingestBatch(db(), tenant.project.id, { events: events.slice(0, 200) });
    await ingestBatch(db(), tenant.project.id, { events: events.slice(200) });
    await foldRollups(db(), tenant.project.id);
    const key = await createApiKey(db(), tenant, ["read"]);
    const get = async (q: string) => (await call(functionsRoute.GET, { path: `/x${q}`, params: { projectId: tenant.project.id }, headers: bearer(key) })).json();

    const body = await get("?range=6h");
    expect(body.data.map((f: { functionName: string }) => f.functionName)).toEqual(["api/checkout", "api/search"]);
    const [c] = body.data;
    expect(c).toMatchObject({ invocations: 300, errors: 30 });
    expect(c.errorRate).toBeCloseTo(0.1, 10);
    expect(c.coldStartRate).toBeCloseTo(75 / 300, 10);
    for (const [q, k] of [[0.5, "p50"], [0.95, "p95"], [0.99, "p99"]] as const) {
      expect(Math.abs(c.duration[k] - exactQuantile(checkout, q)) / exactQuantile(checkout, q), k).toBeLessThan(0.02);
    }
    expect(body.series.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(400);

    const narrowed = await get("?range=6h&functionName=api/search");
    expect(narrowed.data).toHaveLength(1);
    expect(narrowed.series.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(100);
  });

  it("per route and method: 4xx and 5xx rates and latency", async () => {
    const tenant = await createTenant(db());
    const latencies = Array.from({ length: 200 }, (_, i) => 10 + i);
    await ingestBatch(db(), tenant.project.id, {
      events: [
        ...latencies.map((durationMs, i) => ({ type: "request", method: "get", route: "/api/users/[id]", statusCode: i % 20 === 0 ? 500 : i % 5 === 0 ? 404 : 200, durationMs })),
        { type: "request", method: "POST", route: "/api/users", statusCode: 201, durationMs: 80 },
      ],
    });
    await foldRollups(db(), tenant.project.id);
    const key = await createApiKey(db(), tenant, ["read"]);
    const body = await (await call(requestsRoute.GET, { path: "/x?range=1h", params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
    expect(body.data[0]).toMatchObject({ method: "GET", route: "/api/users/[id]", count: 200 });
    expect(body.data[0].rate5xx).toBeCloseTo(10 / 200, 10);
    expect(body.data[0].rate4xx).toBeCloseTo(30 / 200, 10);
    expect(Math.abs(body.data[0].latency.p95 - exactQuantile(latencies, 0.95)) / exactQuantile(latencies, 0.95)).toBeLessThan(0.02);
    expect(body.data[1]).toMatchObject({ method: "POST", route: "/api/users", count: 1, rate4xx: 0, rate5xx: 0 });
  });
});
