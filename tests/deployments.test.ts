import { describe, expect, it } from "vitest";
import * as deploymentRoute from "@/app/api/v1/projects/[projectId]/deployments/[deploymentId]/route";
import * as deploymentsRoute from "@/app/api/v1/projects/[projectId]/deployments/route";
import { ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BRANCHES = ["main", "feature/cart", "fix/login"];
const ENVIRONMENTS = ["production", "preview"];
// Uneven on purpose, so the framework distribution has an order to check.
const FRAMEWORKS = ["nextjs", "nextjs", "nextjs", "remix", "remix", "astro", undefined];
const FINALS = ["succeeded", "succeeded", "failed", "succeeded", "canceled", null, "succeeded", "failed", null, "succeeded"] as const;

interface Expected {
  deploymentId: string;
  status: string;
  environment: string;
  branch: string;
  framework: string | null;
  startedAt: number;
  durationMs: number | null;
  eventCount: number;
}

/**
 * A fixed set of deployments over the last 6 days (plus 3 older ones outside a 7-day
 * window), each with its own events — started, often building, usually a final state —
 * sent shuffled across several batches, so the final event often arrives before the start.
 * The expected state of each is written down here as it was generated, not read back.
 */
function dataset(now: number) {
  let seed = 11;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const events: Record<string, unknown>[] = [];
  const expected: Expected[] = [];
  for (let i = 0; i < 43; i++) {
    const old = i >= 40;
    // Two deployments share a start time (i = 6 and 7) to exercise the id tie-break.
    const startedAt = old ? now - 10 * DAY - i * HOUR : now - 30 * MIN - (i === 7 ? 6 : i) * 3.3 * HOUR;
    const deploymentId = `dpl_${String(i).padStart(2, "0")}`;
    const environment = ENVIRONMENTS[i % 2];
    const branch = BRANCHES[i % 3];
    const framework = FRAMEWORKS[i % FRAMEWORKS.length];
    const final = FINALS[i % FINALS.length];
    const base = { type: "deployment", deploymentId, environment };
    events.push({ ...base, id: `${deploymentId}-0`, status: "started", timestamp: startedAt, branch, commitSha: `${i}abcdef0123456789`, commitMessage: `change ${i}`, framework });
    let count = 1;
    // Skewed towards short builds, with a long tail: every histogram bucket gets some.
    const buildMs = Math.round(10_000 + rand() ** 2 * 800_000);
    if (i % 5 !== 3) {
      events.push({ ...base, id: `${deploymentId}-1`, status: "building", timestamp: startedAt + 5_000, buildDurationMs: buildMs });
      count++;
    }
    let durationMs: number | null = null;
    if (final) {
      const finishedAt = startedAt + 5_000 + buildMs;
      // Every third final event reports its own duration, which wins over the measured one.
      const reported = i % 3 === 0 ? Math.round(buildMs * 0.9) : undefined;
      events.push({ ...base, id: `${deploymentId}-2`, status: final, timestamp: finishedAt, durationMs: reported, url: `https://${deploymentId}.example.test` });
      durationMs = reported ?? finishedAt - startedAt;
      count++;
    }
    expected.push({ deploymentId, status: final ?? (count === 2 ? "building" : "started"), environment, branch, framework: framework ?? null, startedAt, durationMs, eventCount: count });
  }
  // Deterministic shuffle: later events often land in an earlier batch.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  return { events, expected };
}

const newestFirst = (a: Expected, b: Expected) => b.startedAt - a.startedAt || (a.deploymentId < b.deploymentId ? 1 : -1);
const nearestRank = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];

/** What API.md's `stats` must say about these deployments, computed from the generated data. */
function expectedStats(list: Expected[], from: number, to: number) {
  const finished = list.filter((d) => ["succeeded", "failed", "canceled"].includes(d.status));
  const durations = finished.map((d) => d.durationMs!);
  const byDay = [];
  for (let day = Math.floor(from / DAY); day <= Math.floor((to - 1) / DAY); day++) {
    const of = list.filter((d) => Math.floor(d.startedAt / DAY) === day);
    byDay.push({
      day: new Date(day * DAY).toISOString().slice(0, 10),
      succeeded: of.filter((d) => d.status === "succeeded").length,
      failed: of.filter((d) => d.status === "failed").length,
      other: of.filter((d) => d.status !== "succeeded" && d.status !== "failed").length,
    });
  }
  const frameworks = new Map<string | null, number>();
  for (const d of list) frameworks.set(d.framework, (frameworks.get(d.framework) ?? 0) + 1);
  return {
    total: list.length,
    finished: finished.length,
    successRate: finished.filter((d) => d.status === "succeeded").length / finished.length,
    failureRate: finished.filter((d) => d.status === "failed").length / finished.length,
    avg: durations.reduce((a, b) => a + b, 0) / durations.length,
    p95: nearestRank(durations, 0.95),
    byDay,
    byStatus: Object.fromEntries(["started", "building", "succeeded", "failed", "canceled"].map((s) => [s, list.filter((d) => d.status === s).length])),
    frameworks: Object.fromEntries([...frameworks].map(([f, n]) => [String(f), n])),
    histogram: [30_000, 60_000, 120_000, 300_000, 600_000, Infinity].map((max, i, all) => durations.filter((v) => v >= (all[i - 1] ?? 0) && v < max).length),
  };
}

async function seeded() {
  const tenant = await createTenant(db());
  const now = Date.now();
  const { events, expected } = dataset(now);
  for (let i = 0; i < events.length; i += 25) {
    const result = await ingestBatch(db(), tenant.project.id, { events: events.slice(i, i + 25) });
    expect(result.rejected).toEqual([]);
  }
  const key = await createApiKey(db(), tenant, ["read"]);
  const from = now - 7 * DAY;
  const list = async (query = "") => {
    const res = await call(deploymentsRoute.GET, {
      path: `/api/v1/projects/${tenant.project.id}/deployments?from=${from}&to=${now}${query}`,
      params: { projectId: tenant.project.id },
      headers: bearer(key),
    });
    return { status: res.status, body: await res.json() };
  };
  const detail = (deploymentId: string, k = key, projectId = tenant.project.id) =>
    call(deploymentRoute.GET, { path: `/x`, params: { projectId, deploymentId }, headers: bearer(k) });
  const inWindow = expected.filter((d) => d.startedAt >= from && d.startedAt < now).sort(newestFirst);
  return { ...tenant, key, now, from, list, detail, expected, inWindow };
}

type Item = { deploymentId: string; status: string; environment: string; branch: string; durationMs: number | null; eventCount: number; startedAt: string; framework: string | null };

describe("GET /api/v1/projects/{projectId}/deployments", () => {
  it("lists the window's deployments newest first with their folded state, and pages through all of them exactly once", async () => {
    const { list, inWindow } = await seeded();
    expect(inWindow).toHaveLength(40);

    const first = await list("&limit=200");
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toBeNull();
    expect(first.body.data.map((d: Item) => d.deploymentId)).toEqual(inWindow.map((d) => d.deploymentId));
    // Out-of-order arrival still folds to the generated state.
    for (const [i, d] of inWindow.entries()) {
      const item: Item = first.body.data[i];
      expect(item, d.deploymentId).toMatchObject({ status: d.status, environment: d.environment, branch: d.branch, framework: d.framework, eventCount: d.eventCount, startedAt: new Date(d.startedAt).toISOString() });
      if (d.durationMs === null) expect(item.durationMs).toBeNull();
      else expect(item.durationMs).toBeCloseTo(d.durationMs, 6);
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: Item[]; nextCursor: string | null } } = await list(`&limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.data.map((d) => d.deploymentId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(seen).toEqual(inWindow.map((d) => d.deploymentId));
  });

  it("filters by status, environment and branch, alone and together, and offers the window's facets", async () => {
    const { list, inWindow } = await seeded();
    const ids = (body: { data: Item[] }) => body.data.map((d) => d.deploymentId);
    const expectIds = (filter: (d: Expected) => boolean) => inWindow.filter(filter).map((d) => d.deploymentId);

    expect(ids((await list("&status=failed&limit=200")).body)).toEqual(expectIds((d) => d.status === "failed"));
    expect(ids((await list("&environment=preview&limit=200")).body)).toEqual(expectIds((d) => d.environment === "preview"));
    expect(ids((await list("&branch=feature%2Fcart&limit=200")).body)).toEqual(expectIds((d) => d.branch === "feature/cart"));
    const combined = await list("&status=succeeded&environment=production&branch=main&limit=200");
    expect(ids(combined.body)).toEqual(expectIds((d) => d.status === "succeeded" && d.environment === "production" && d.branch === "main"));
    expect(combined.body.stats.total).toBe(combined.body.data.length);
    expect(combined.body.facets).toEqual({ environments: ["preview", "production"], branches: ["feature/cart", "fix/login", "main"] });

    const none = await list("&branch=does-not-exist");
    expect(none.body).toMatchObject({ data: [], nextCursor: null, stats: { total: 0, successRate: null, failureRate: null, duration: { avg: null, p95: null } } });
  });

  it("answers stats that match the data sent: rates, average and p95 duration, by day, by status, frameworks, histogram", async () => {
    const { list, inWindow, from, now } = await seeded();
    const { stats } = (await list()).body;
    const want = expectedStats(inWindow, from, now);
    expect(stats.total).toBe(want.total);
    expect(stats.finished).toBe(want.finished);
    expect(stats.successRate).toBeCloseTo(want.successRate, 10);
    expect(stats.failureRate).toBeCloseTo(want.failureRate, 10);
    expect(stats.duration.avg).toBeCloseTo(want.avg, 6);
    expect(stats.duration.p95).toBeCloseTo(want.p95, 6);
    expect(stats.byDay).toEqual(want.byDay);
    expect(stats.byDay.length).toBeGreaterThanOrEqual(7); // every UTC day the 7-day window touches, empty ones too
    expect(stats.byStatus).toEqual(want.byStatus);
    expect(Object.fromEntries(stats.frameworks.map((f: { framework: string | null; count: number }) => [String(f.framework), f.count]))).toEqual(want.frameworks);
    const counts = stats.frameworks.map((f: { count: number }) => f.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x)); // most used first
    expect(stats.durationHistogram.map((b: { count: number }) => b.count)).toEqual(want.histogram);
    expect(stats.durationHistogram.map((b: { label: string }) => b.label)).toEqual(["< 30 s", "30–60 s", "1–2 min", "2–5 min", "5–10 min", "> 10 min"]);

    // Filters narrow the stats too.
    const preview = (await list("&environment=preview")).body.stats;
    const wantPreview = expectedStats(inWindow.filter((d) => d.environment === "preview"), from, now);
    expect(preview.byStatus).toEqual(wantPreview.byStatus);
    expect(preview.duration.p95).toBeCloseTo(wantPreview.p95, 6);
  });

  it("refuses bad query values with query pointers", async () => {
    const { list } = await seeded();
    const badStatus = await list("&status=exploded");
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors[0].pointer).toBe("query.status");
    expect((await list("&limit=201")).body.errors[0].pointer).toBe("query.limit");
    expect((await list("&cursor=not-a-cursor")).body.errors[0].pointer).toBe("query.cursor");
    const forged = Buffer.from(JSON.stringify({ t: "yesterday", id: "x" })).toString("base64url");
    expect((await list(`&cursor=${forged}`)).body.errors[0].pointer).toBe("query.cursor");
    expect((await list("&range=7d")).body.errors[0].pointer).toBe("query.range"); // range together with from/to
  });
});

describe("GET /api/v1/projects/{projectId}/deployments/{deploymentId}", () => {
  it("shows a deployment with its events in time order, its linked errors and invocations within [start − 1 h, start + 7 d]", async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    const start = now - 9 * DAY;
    const deploymentId = "dpl_checkout_v2";
    const dep = { type: "deployment", deploymentId, environment: "production" };
    // Sent newest first, in separate batches, so the fold and the event order cannot rely on arrival.
    await ingestBatch(db(), tenant.project.id, { events: [{ ...dep, status: "succeeded", timestamp: start + 95_000, url: "https://checkout.example.test" }] });
    await ingestBatch(db(), tenant.project.id, { events: [{ ...dep, status: "building", timestamp: start + 2_000, buildDurationMs: 80_000 }] });
    await ingestBatch(db(), tenant.project.id, {
      events: [
        { ...dep, status: "started", timestamp: start, commitSha: "a1b2c3d4e5f6", branch: "main", commitMessage: "Checkout v2", framework: "nextjs" },
        { type: "deployment", deploymentId: "dpl_other", status: "failed", timestamp: start + HOUR },
      ],
    });

    // Invocations: inside the bound (including just before the start), outside it, and of another deployment.
    const inside = [start - 30 * MIN, start + HOUR, start + 2 * DAY, start + 6 * DAY];
    const invocations: Record<string, unknown>[] = [];
    const durations: Record<string, number[]> = { "api/pay": [], "api/cart": [] };
    const errorsPer: Record<string, number> = { "api/pay": 0, "api/cart": 0 };
    for (let i = 0; i < 60; i++) {
      const functionName = i % 3 === 0 ? "api/cart" : "api/pay";
      const durationMs = 10 + ((i * 37) % 101);
      const status = i % 10 === 0 ? "error" : i % 17 === 0 ? "timeout" : "success";
      invocations.push({ type: "invocation", deploymentId, functionName, durationMs, status, timestamp: inside[i % inside.length] });
      durations[functionName].push(durationMs);
      if (status !== "success") errorsPer[functionName]++;
    }
    invocations.push({ type: "invocation", deploymentId, functionName: "api/pay", durationMs: 5_000, status: "error", timestamp: start - 2 * HOUR });
    invocations.push({ type: "invocation", deploymentId, functionName: "api/pay", durationMs: 5_000, status: "error", timestamp: start + 7 * DAY + HOUR });
    invocations.push({ type: "invocation", deploymentId: "dpl_other", functionName: "api/pay", durationMs: 5_000, status: "error", timestamp: start + HOUR });
    await ingestBatch(db(), tenant.project.id, { events: invocations });

    const error = (message: string, timestamp: number, id = deploymentId) => ({ type: "error", name: "Error", message, fingerprint: [message], deploymentId: id, timestamp });
    await ingestBatch(db(), tenant.project.id, {
      events: [
        error("card declined", start + HOUR),
        error("card declined", start + 2 * HOUR),
        error("card declined", start + 3 * DAY),
        error("cart empty", start + 10 * MIN),
        error("cart empty", start - 2 * HOUR), // before the bound: not counted
        error("stale cache", start + 7 * DAY + HOUR), // after the bound: not counted
        error("card declined", start + HOUR, "dpl_other"),
      ],
    });

    const key = await createApiKey(db(), tenant, ["read"]);
    const res = await call(deploymentRoute.GET, { path: "/x", params: { projectId: tenant.project.id, deploymentId }, headers: bearer(key) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      deploymentId,
      status: "succeeded",
      branch: "main",
      commitSha: "a1b2c3d4e5f6",
      framework: "nextjs",
      url: "https://checkout.example.test",
      startedAt: new Date(start).toISOString(),
      finishedAt: new Date(start + 95_000).toISOString(),
      durationMs: 95_000,
      buildDurationMs: 80_000,
      eventCount: 3,
      linkedWindow: { from: new Date(start - HOUR).toISOString(), to: new Date(start + 7 * DAY).toISOString() },
    });
    expect(body.events.map((e: { status: string }) => e.status)).toEqual(["started", "building", "succeeded"]);
    expect(body.events[0].ts).toBe(new Date(start).toISOString());

    expect(body.linkedErrors.total).toBe(4);
    expect(body.linkedErrors.issueCount).toBe(2);
    expect(body.linkedErrors.issues.map((i: { title: string; count: number }) => [i.title, i.count])).toEqual([
      ["Error: card declined", 3],
      ["Error: cart empty", 1],
    ]);
    expect(body.linkedErrors.issues[0]).toMatchObject({ level: "error", status: "unresolved", lastSeen: new Date(start + 3 * DAY).toISOString() });

    const all = [...durations["api/pay"], ...durations["api/cart"]];
    const errors = errorsPer["api/pay"] + errorsPer["api/cart"];
    expect(body.invocations).toMatchObject({ count: 60, errors, duration: { p50: nearestRank(all, 0.5), p95: nearestRank(all, 0.95) } });
    expect(body.invocations.errorRate).toBeCloseTo(errors / 60, 10);
    expect(body.invocations.functions).toEqual(
      ["api/pay", "api/cart"].map((functionName) => ({
        functionName,
        count: durations[functionName].length,
        errors: errorsPer[functionName],
        errorRate: errorsPer[functionName] / durations[functionName].length,
        duration: { p50: nearestRank(durations[functionName], 0.5), p95: nearestRank(durations[functionName], 0.95) },
      })),
    );

    // An unknown id is the same problem+json 404 as a foreign one.
    const unknown = await call(deploymentRoute.GET, { path: "/x", params: { projectId: tenant.project.id, deploymentId: "dpl_missing" }, headers: bearer(key) });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
  });

  it("a deployment without linked telemetry answers empty summaries, not errors; free-text ids work encoded or not", async () => {
    const tenant = await createTenant(db());
    // Ids are free text: a link to this one has to percent-encode the slash and the space.
    const deploymentId = "release/2026-11 #3";
    await ingestBatch(db(), tenant.project.id, { events: [{ type: "deployment", deploymentId, status: "started" }] });
    const cookie = await sessionCookie(tenant.user);
    const get = (segment: string) => call(deploymentRoute.GET, { path: "/x", params: { projectId: tenant.project.id, deploymentId: segment }, headers: { cookie } });
    expect((await (await get(encodeURIComponent(deploymentId))).json()).deploymentId).toBe(deploymentId);
    expect((await get("release%2F2026-11%20%233%")).status).toBe(404); // a malformed escape names nothing
    const res = await get(deploymentId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      deploymentId,
      status: "started",
      finishedAt: null,
      durationMs: null,
      linkedErrors: { total: 0, issueCount: 0, issues: [] },
      invocations: { count: 0, errors: 0, errorRate: null, duration: { p50: null, p95: null }, functions: [] },
    });
  });
});

describe("deployments and tenants", () => {
  it("another tenant's project and deployment answer 404; an ingest key is refused", async () => {
    const a = await seeded();
    const b = await createTenant(db());
    await ingestBatch(db(), b.project.id, { events: [{ type: "deployment", deploymentId: "dpl_b", status: "succeeded" }] });
    const keyB = await createApiKey(db(), b, ["read"]);

    // A's read key on B's project: 404, list and detail alike.
    const listB = await call(deploymentsRoute.GET, { path: "/x", params: { projectId: b.project.id }, headers: bearer(a.key) });
    expect(listB.status).toBe(404);
    expect((await a.detail("dpl_b", a.key, b.project.id)).status).toBe(404);
    // B's deployment id asked for within A's project: 404, it is not A's.
    expect((await a.detail("dpl_b")).status).toBe(404);
    // B's key on A's deployment: 404.
    expect((await a.detail("dpl_00", keyB)).status).toBe(404);
    // B's member's session on A's project: 404.
    const asB = await call(deploymentsRoute.GET, { path: "/x", params: { projectId: a.project.id }, headers: { cookie: await sessionCookie(b.user) } });
    expect(asB.status).toBe(404);
    // A's own key still reads A's deployment, and B's list holds only B's.
    expect((await a.detail("dpl_00")).status).toBe(200);
    const ownB = await (await call(deploymentsRoute.GET, { path: "/x", params: { projectId: b.project.id }, headers: bearer(keyB) })).json();
    expect(ownB.data.map((d: Item) => d.deploymentId)).toEqual(["dpl_b"]);

    const ingestKey = await createApiKey(db(), a, ["ingest"]);
    expect((await call(deploymentsRoute.GET, { path: "/x", params: { projectId: a.project.id }, headers: bearer(ingestKey) })).status).toBe(403);
  });
});
