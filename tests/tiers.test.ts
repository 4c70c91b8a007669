import { describe, expect, it } from "vitest";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import { quantiles } from "@/lib/rollups/histogram";
import { aggregate, binOf, quantilesOf, seriesRows } from "@/lib/rollups/tiers";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { TOTAL_KINDS } from "@/lib/rollups/deltas";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Totals combine minute, hour and day rollups. A window with ragged edges over several days
 * must count every event inside it exactly once, whichever tier each part comes from.
 */
describe("totals over rollup tiers", () => {
  it("a multi-day window with minute-aligned edges counts each event once and keeps percentiles within 2%", async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    // One invocation every 17 minutes for 5 days, durations spread over two decades.
    const events = Array.from({ length: (5 * 24 * 60) / 17 }, (_, i) => ({
      type: "invocation",
      functionName: i % 2 ? "api/a" : "api/b",
      durationMs: 5 + ((i * 7919) % 1000),
      status: i % 9 === 0 ? "error" : "success",
      timestamp: now - 2 * MIN - i * 17 * MIN,
    }));
    for (let i = 0; i < events.length; i += 500) await ingestBatch(db(), tenant.project.id, { events: events.slice(i, i + 500) });
    await foldRollups(db(), tenant.project.id);
    const key = await createApiKey(db(), tenant, ["read"]);

    // A window starting and ending mid-hour, with 5-minute buckets (so minute rollups serve the edges).
    const from = Math.floor((now - 3 * 24 * HOUR - 23 * MIN) / (5 * MIN)) * 5 * MIN;
    const to = Math.floor((now - 7 * HOUR - 41 * MIN) / (5 * MIN)) * 5 * MIN;
    const inside = events.filter((e) => e.timestamp >= from && e.timestamp < to);
    const q = `?from=${from}&to=${to}&interval=5m`;
    const get = async (route: { GET: typeof overviewRoute.GET }) =>
      (await call(route.GET, { path: `/x${q}`, params: { projectId: tenant.project.id }, headers: bearer(key) })).json();

    const overview = await get(overviewRoute);
    expect(overview.totals.invocations).toBe(inside.length);
    expect(overview.totals.invocationErrorRate).toBeCloseTo(inside.filter((e) => e.status === "error").length / inside.length, 10);
    const sorted = inside.map((e) => e.durationMs).sort((a, b) => a - b);
    for (const [q, k] of [[0.5, "p50"], [0.95, "p95"], [0.99, "p99"]] as const) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1];
      expect(Math.abs(overview.totals.functionDuration[k] - exact) / exact, k).toBeLessThan(0.02);
    }
    // The series (minute tier) adds up to the same total.
    expect(overview.series.reduce((n: number, p: { invocations: number }) => n + p.invocations, 0)).toBe(inside.length);

    const fns = await get(functionsRoute);
    expect(fns.summary.count).toBe(inside.length);
    expect(fns.data.find((f: { functionName: string }) => f.functionName === "api/a").invocations).toBe(
      inside.filter((e) => e.functionName === "api/a").length,
    );

    // 7 days with day-aligned series: the day tier alone; the same events, all of them.
    const week = await (await call(overviewRoute.GET, { path: "/x?range=7d&interval=1d", params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
    expect(week.totals.invocations).toBe(events.length);
    expect(week.series.reduce((n: number, p: { invocations: number }) => n + p.invocations, 0)).toBe(events.length);
  });

  it("a series bucket read from its own tier takes the quantiles the fold stored, equal to merging its histogram", async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    // Two environments: the total rows span both, one row per hour.
    const events = Array.from({ length: 600 }, (_, i) => ({
      type: "invocation",
      functionName: `api/f${i % 3}`,
      environment: i % 2 ? "production" : "preview",
      durationMs: 3 + ((i * 7919) % 2000) / 7,
      status: "success",
      timestamp: now - 5 * MIN - i * 5 * MIN,
    }));
    await ingestBatch(db(), tenant.project.id, { events: events.slice(0, 300) });
    await ingestBatch(db(), tenant.project.id, { events: events.slice(300) });
    await foldRollups(db(), tenant.project.id);

    const window = resolveWindow(windowQuery.parse({ range: "7d", interval: "1h" }));
    const rows = seriesRows({ projectId: tenant.project.id, kinds: [TOTAL_KINDS.invocation], hist: true }, window);
    const stored = await aggregate(db(), rows, { t: binOf(window.bucketMs) }, { stored: true });
    const merged = await aggregate(db(), rows, { t: binOf(window.bucketMs) }, {});
    expect(stored.length).toBeGreaterThan(40);
    expect(stored.every((b) => b.stored !== null && Object.keys(b.hist).length === 0)).toBe(true);
    const byTime = new Map(merged.map((b) => [b.key.t, b]));
    for (const b of stored) {
      const m = byTime.get(b.key.t)!;
      expect(b.count).toBe(m.count);
      expect(quantilesOf(b, [0.5, 0.75, 0.95, 0.99])).toEqual(quantiles(m.hist, [0.5, 0.75, 0.95, 0.99]));
    }
    // A group of several rows (a per-dimension window) still merges histograms.
    const [all] = await aggregate(db(), seriesRows({ projectId: tenant.project.id, kinds: ["invocation"], hist: true }, window), {}, { stored: true });
    expect(all.stored).toBeNull();
    expect(all.count).toBe(600);
  });
});
