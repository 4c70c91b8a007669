import { readFileSync } from "node:fs";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import * as cronRoute from "@/app/api/cron/[job]/route";
import { projects, requests, rollupsDay, rollupsHour, rollupsMinute, rollupsPending } from "@/lib/db/schema";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { lockRollupFolds } from "@/lib/rollups/fold";
import { JOBS } from "@/lib/jobs/registry";
import { getSecrets } from "@/lib/secrets";
import { useTestDatabase } from "./support/db";
import { createTenant } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();
const target = inject("testDatabase");
/** lib/ingest/ingest.ts: how long after its commit ingest folds the committed deltas. */
const FOLD_GAP_MS = 500;
const DAY = 86_400_000;

function cron(job: string, headers: Record<string, string> = bearer(getSecrets().cronSecret)): Promise<Response> {
  return call(cronRoute.GET, { path: `/api/cron/${job}`, params: { job }, headers });
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe("the job registry", () => {
  it("is what vercel.json schedules: one cron per job, at /api/cron/{name}, on the job's schedule, nothing else", () => {
    const vercel = JSON.parse(readFileSync(new URL("../vercel.json", import.meta.url), "utf8")) as { crons: { path: string; schedule: string }[] };
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...vercel.crons].sort(byPath)).toEqual(JOBS.map((job) => ({ path: `/api/cron/${job.name}`, schedule: job.schedule })).sort(byPath));
    expect(JOBS.map((job) => job.name)).toEqual(["fold", "alerts", "dispatch", "retention"]);
    for (const job of JOBS) expect(job.schedule.split(" ")).toHaveLength(5); // minute hour day month weekday
  });
});

describe("GET /api/cron/{job}", () => {
  it("fold: the deltas ingest left pending reach the rollups the dashboards read", async () => {
    const { project } = await createTenant(db());
    const events = Array.from({ length: 40 }, (_, i) => ({
      type: "request",
      id: `cron-fold-${i}`,
      method: "GET",
      route: "/api/items/[id]",
      statusCode: i % 10 === 0 ? 500 : 200,
      durationMs: 10 + i,
      timestamp: Date.now() - 60_000,
    }));
    const pendingOf = async () =>
      (await db().select({ n: count() }).from(rollupsPending).where(eq(rollupsPending.projectId, project.id)))[0].n;
    const rolledUp = async (table: typeof rollupsMinute) =>
      (
        await db()
          .select({ n: sql<number>`coalesce(sum(${table.count}), 0)::int` })
          .from(table)
          .where(and(eq(table.projectId, project.id), eq(table.kind, "request")))
      )[0].n;

    // The fold ingest schedules FOLD_GAP_MS after its commit waits on a clock this test
    // holds still: as after a process that stopped before its fold, only the route folds.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      if (target.kind === "postgres") {
        // PostgreSQL: ingest appends deltas to rollups_pending. Other test files share this
        // database and fold every project's deltas; holding the fold lock keeps them out
        // while the deltas are counted (ingest itself does not take it).
        await db().transaction(async (tx) => {
          await lockRollupFolds(tx);
          expect((await ingestBatch(db(), project.id, { events })).accepted).toBe(40);
          expect(await pendingOf()).toBeGreaterThan(0);
          expect(await rolledUp(rollupsMinute)).toBe(0);
        });
      } else {
        // PGlite merges the rollups in the ingest transaction: nothing is left pending.
        expect((await ingestBatch(db(), project.id, { events })).accepted).toBe(40);
        expect(await pendingOf()).toBe(0);
      }

      const res = await cron("fold");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      // The delta rows this run folded, of every project. Not compared with the count above:
      // after the lock is released, another test file's fold may take this project's first.
      // What the route promises is checked instead: none is left, and the tiers hold all 40.
      expect(await res.json()).toEqual({ folded: expect.any(Number) });

      expect(await pendingOf()).toBe(0);
      for (const table of [rollupsMinute, rollupsHour, rollupsDay]) expect(await rolledUp(table)).toBe(40);
    } finally {
      // Let the fold ingest scheduled run (it finds nothing) rather than leave it hanging.
      await vi.advanceTimersByTimeAsync(FOLD_GAP_MS);
      vi.useRealTimers();
      await foldRollups(db());
    }
  });

  it("retention: drops telemetry past the project's retention and answers its summary", async () => {
    const { project } = await createTenant(db());
    await db().update(projects).set({ retentionDays: 7 }).where(eq(projects.id, project.id));
    const request = (route: string, timestamp: number) => ({ type: "request", method: "GET", route, statusCode: 200, durationMs: 5, timestamp });
    const now = Date.now();
    const stored = await ingestBatch(db(), project.id, { events: [request("/old", now - 20 * DAY), request("/new", now - DAY)] });
    expect(stored.accepted).toBe(2);

    const res = await cron("retention");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      projects: expect.any(Number),
      deleted: expect.objectContaining({ requests: expect.any(Number), incidents: expect.any(Number) }),
      complete: true,
      secrets: { resealed: 0, unreadable: 0 },
      durationMs: expect.any(Number),
    });
    // 7-day retention: the 20-day-old request is gone, yesterday's stays.
    const left = await db().select({ route: requests.route }).from(requests).where(eq(requests.projectId, project.id));
    expect(left.map((r) => r.route)).toEqual(["/new"]);
  });

  it("401 without the secret or with a wrong one, for a known and an unknown job alike: nothing is run or revealed", async () => {
    for (const job of ["retention", "fold", "alerts", "dispatch", "no-such-job"]) {
      for (const headers of [{}, bearer("wrong"), bearer(`${getSecrets().cronSecret}x`), { authorization: getSecrets().cronSecret }]) {
        const body = await expectProblem(await cron(job, headers), 401);
        expect(JSON.stringify(body)).not.toContain(job);
      }
    }
  });

  it("alerts: folds, then answers a JSON summary of the evaluation", async () => {
    const res = await cron("alerts");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      folded: expect.any(Number),
      minute: expect.stringMatching(/:00\.000Z$/),
      rulesEvaluated: expect.any(Number),
      transitions: expect.any(Number),
      notifications: expect.any(Number),
      durationMs: expect.any(Number),
    });
  });

  it("404 problem+json for an unknown job, with the secret", async () => {
    await expectProblem(await cron("no-such-job"), 404);
    await expectProblem(await cron("Retention"), 404);
  });

  it("other methods: 405 with Allow", async () => {
    const res = await call(cronRoute.POST, { path: "/api/cron/fold", params: {}, method: "POST", headers: bearer(getSecrets().cronSecret) });
    await expectProblem(res, 405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});
