import { describe, expect, it } from "vitest";
import * as vitalsRoute from "@/app/api/v1/projects/[projectId]/vitals/route";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

type Name = "LCP" | "INP" | "CLS" | "FCP" | "TTFB";
type Rating = "good" | "needs-improvement" | "poor";
const NAMES: Name[] = ["LCP", "INP", "CLS", "FCP", "TTFB"];

/** web.dev's thresholds, written out here so the expectations do not reuse the code under test. */
const THRESHOLDS: Record<Name, [number, number]> = { LCP: [2500, 4000], INP: [200, 500], CLS: [0.1, 0.25], FCP: [1800, 3000], TTFB: [800, 1800] };
const rate = (name: Name, v: number): Rating => (v <= THRESHOLDS[name][0] ? "good" : v > THRESHOLDS[name][1] ? "poor" : "needs-improvement");

/** Value ranges that straddle both thresholds, so every vital has samples in all three ratings. */
const SPANS: Record<Name, [number, number]> = { LCP: [250, 3000], INP: [40, 1500], CLS: [0.004, 0.4], FCP: [400, 4500], TTFB: [40, 2200] };
const ROUTES = [
  { route: "/", perVital: 120 },
  { route: "/products/[id]", perVital: 80 },
  { route: "/checkout", perVital: 40 },
];

interface Sample {
  name: Name;
  route: string;
  value: number;
  rating?: Rating;
  ts: number;
}

/** A fixed dataset in the last hour: three routes, five vitals, all three ratings, some explicit ratings. */
function dataset(now: number) {
  let seed = 11;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const samples: Sample[] = [];
  let i = 0;
  ROUTES.forEach(({ route, perVital }, r) => {
    for (const name of NAMES) {
      const [lo, hi] = SPANS[name];
      for (let k = 0; k < perVital; k++, i++) {
        // Log-uniform over the span, routes slower the further down the list.
        let value = lo * (hi / lo) ** rand() * (1 + 0.3 * r);
        value = name === "CLS" ? Math.round(value * 10_000) / 10_000 : Math.round(value);
        if (name === "CLS" && k % 9 === 0) value = 0; // pages that never shift are common
        // Every sixth sample carries the browser library's own rating, deliberately cycling
        // so that some disagree with the thresholds: the shares must follow the sample.
        const rating = i % 6 === 0 ? (["good", "needs-improvement", "poor"] as const)[(i / 6) % 3] : undefined;
        samples.push({ name, route, value, rating, ts: now - 60_000 - (i % 50) * 60_000 });
      }
    }
  });
  const events = samples.map((s, j) => ({
    type: "vital",
    name: s.name,
    route: s.route,
    value: s.value,
    ...(s.rating ? { rating: s.rating } : {}),
    // Environments are summed: the endpoint has no environment filter.
    environment: j % 5 === 0 ? "preview" : "production",
    timestamp: s.ts,
  }));
  return { samples, events };
}

/** Exact nearest-rank p75, the rating of it, and exact shares, for a set of samples. */
function expected(samples: Sample[], name: Name) {
  const of = samples.filter((s) => s.name === name);
  const sorted = of.map((s) => s.value).sort((a, b) => a - b);
  const p75 = sorted[Math.max(0, Math.ceil(0.75 * sorted.length) - 1)];
  const ratings = of.map((s) => s.rating ?? rate(name, s.value));
  const share = (r: Rating) => ratings.filter((x) => x === r).length / of.length;
  return { count: of.length, p75, rating: rate(name, p75), shares: { good: share("good"), needsImprovement: share("needs-improvement"), poor: share("poor") } };
}

interface Stats {
  p75: number | null;
  rating: Rating | null;
  count: number;
  shares: { good: number; needsImprovement: number; poor: number } | null;
}

function expectStats(actual: Stats, name: Name, exp: ReturnType<typeof expected>, label: string) {
  expect(actual.count, label).toBe(exp.count);
  expect(actual.shares, label).toEqual(exp.shares);
  // The dataset keeps every p75 clear of the thresholds, so a ≤ 1% estimate cannot flip the rating.
  for (const threshold of THRESHOLDS[name]) expect(Math.abs(exp.p75 - threshold) / threshold, `${label}: dataset p75 too close to a threshold`).toBeGreaterThan(0.02);
  expect(actual.rating, label).toBe(exp.rating);
  // p75 from the rollup histograms: within 2% of the exact figure (0 reads back as 0).
  if (exp.p75 === 0) expect(actual.p75, label).toBe(0);
  else expect(Math.abs(actual.p75! - exp.p75) / exp.p75, `${label} p75 ${actual.p75} vs ${exp.p75}`).toBeLessThan(0.02);
}

async function ingestAll(projectId: string, events: unknown[]) {
  for (let i = 0; i < events.length; i += 500) await ingestBatch(db(), projectId, { events: events.slice(i, i + 500) });
  await foldRollups(db(), projectId);
}

describe("GET /api/v1/projects/{projectId}/vitals", () => {
  it("answers p75, its rating and exact rating shares per vital and per route, and a p75 series, matching the samples sent", async () => {
    const now = Date.now();
    const tenant = await createTenant(db());
    const other = await createTenant(db());
    const { samples, events } = dataset(now);
    await ingestAll(tenant.project.id, [
      ...events,
      // Outside the hour asked for, and far slower: it must not move any figure.
      { type: "vital", name: "LCP", route: "/", value: 60_000, timestamp: now - 3 * 3_600_000 },
    ]);
    // Another tenant's samples on the same route must not leak in.
    await ingestAll(other.project.id, [{ type: "vital", name: "LCP", route: "/", value: 30_000 }, { type: "vital", name: "CLS", route: "/", value: 0.9 }]);
    const key = await createApiKey(db(), tenant, ["read"]);

    const res = await call(vitalsRoute.GET, { path: `/api/v1/projects/${tenant.project.id}/vitals?range=1h`, params: { projectId: tenant.project.id }, headers: bearer(key) });
    expect(res.status).toBe(200);
    const body = await res.json();

    // Overall: every vital, in the documented order, merged across routes.
    expect(body.summary.map((s: { name: string }) => s.name)).toEqual(NAMES);
    for (const s of body.summary) expectStats(s, s.name, expected(samples, s.name), `summary ${s.name}`);
    // The dataset covers all three ratings, so none of the shares is trivially 0 or 1.
    for (const s of body.summary) for (const share of Object.values(s.shares) as number[]) expect(share).toBeGreaterThan(0);
    expect(new Set(body.summary.map((s: Stats) => s.rating))).toEqual(new Set(["good", "needs-improvement", "poor"]));

    // Per route: busiest first, each vital's figures from that route's samples alone.
    expect(body.data.map((r: { route: string }) => r.route)).toEqual(ROUTES.map((r) => r.route));
    for (const row of body.data) {
      const of = samples.filter((s) => s.route === row.route);
      expect(row.count).toBe(of.length);
      for (const name of NAMES) expectStats(row.vitals[name], name, expected(of, name), `${row.route} ${name}`);
    }

    // Series: one point per minute of the hour, samples adding up, each bucket's p75 its own.
    expect(body.window.bucketMs).toBe(60_000);
    expect(body.series.length).toBeGreaterThanOrEqual(60);
    expect(body.series.length).toBeLessThanOrEqual(61);
    expect(body.series.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(samples.length);
    const byBucket = new Map<string, Sample[]>();
    for (const s of samples) {
      const t = new Date(Math.floor(s.ts / 60_000) * 60_000).toISOString();
      byBucket.set(t, [...(byBucket.get(t) ?? []), s]);
    }
    let checked = 0;
    for (const point of body.series) {
      const inBucket = byBucket.get(point.t) ?? [];
      for (const name of NAMES) {
        if (!inBucket.some((s) => s.name === name)) {
          expect(point[name], `${point.t} ${name}`).toBeNull();
          continue;
        }
        const exact = expected(inBucket, name).p75;
        if (exact === 0) expect(point[name]).toBe(0);
        else expect(Math.abs(point[name] - exact) / exact, `${point.t} ${name}`).toBeLessThan(0.02);
        checked++;
      }
    }
    expect(checked).toBe(250); // 50 minutes with samples × 5 vitals
  });

  it("?route= narrows the summary, the table and the series to one route", async () => {
    const now = Date.now();
    const tenant = await createTenant(db());
    const { samples, events } = dataset(now);
    await ingestAll(tenant.project.id, events);
    const cookie = await sessionCookie(tenant.user);
    const get = async (q: string) =>
      (await call(vitalsRoute.GET, { path: `/x?range=1h&${q}`, params: { projectId: tenant.project.id }, headers: { cookie } })).json();

    const body = await get(`route=${encodeURIComponent("/products/[id]")}`);
    const of = samples.filter((s) => s.route === "/products/[id]");
    for (const s of body.summary) expectStats(s, s.name, expected(of, s.name), `summary ${s.name}`);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ route: "/products/[id]", count: of.length });
    expect(body.series.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(of.length);

    // A route with no samples: every vital present, with nothing to report.
    const none = await get("route=/nowhere");
    expect(none.data).toEqual([]);
    for (const s of none.summary) expect(s).toMatchObject({ count: 0, p75: null, rating: null, shares: null });
  });

  it("answers an empty window with every vital at zero samples and a gap-free null series", async () => {
    const tenant = await createTenant(db());
    const res = await call(vitalsRoute.GET, { path: `/x`, params: { projectId: tenant.project.id }, headers: { cookie: await sessionCookie(tenant.user) } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.summary).toEqual(NAMES.map((name) => ({ name, p75: null, rating: null, count: 0, shares: null })));
    expect(body.data).toEqual([]);
    expect(body.series).toHaveLength(25); // default 24 h of hourly buckets, widened to whole buckets
    expect(body.series[0]).toMatchObject({ count: 0, LCP: null, INP: null, CLS: null, FCP: null, TTFB: null });
  });

  it("refuses bad queries with query pointers, and other tenants' projects with 404", async () => {
    const a = await createTenant(db());
    const b = await createTenant(db());
    await ingestAll(b.project.id, [{ type: "vital", name: "LCP", route: "/", value: 1200 }]);
    const readA = await createApiKey(db(), a, ["read"]);
    const ingestA = await createApiKey(db(), a, ["ingest"]);
    const get = (projectId: string, q: string, headers: Record<string, string>) => call(vitalsRoute.GET, { path: `/x${q}`, params: { projectId }, headers });

    for (const [q, pointer] of [
      ["?range=2h", "query.range"],
      [`?from=${Date.now()}&to=${Date.now() - 60_000}`, "query.to"],
      ["?range=90d&interval=1m", "query.interval"],
      [`?route=${"a".repeat(513)}`, "query.route"],
    ]) {
      const res = await get(a.project.id, q, bearer(readA));
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await res.json()).errors.map((e: { pointer: string }) => e.pointer), q).toContain(pointer);
    }

    expect((await get(a.project.id, "", {})).status).toBe(401);
    expect((await get(a.project.id, "", bearer(ingestA))).status).toBe(403);
    // Project B exists and has data; A's key and A's session both see nothing of it.
    expect((await get(b.project.id, "", bearer(readA))).status).toBe(404);
    expect((await get(b.project.id, "", { cookie: await sessionCookie(a.user) })).status).toBe(404);
    expect((await get("prj_does_not_exist", "", { cookie: await sessionCookie(a.user) })).status).toBe(404);
  });
});
