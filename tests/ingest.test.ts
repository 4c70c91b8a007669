import { gzipSync } from "node:zlib";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import * as ingestRoute from "@/app/api/v1/ingest/route";
import { ingestEndpoint } from "@/lib/http/ingest-endpoint";
import { quantile } from "@/lib/rollups/histogram";
import { deployments, errorEvents, invocations, issues, logs, requests, rollupsDay, rollupsHour, rollupsMinute, rollupsPending } from "@/lib/db/schema";
import { foldRollups } from "@/lib/ingest/ingest";
import { withLogs } from "./support/logs";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { send, useNativeServer } from "./support/native-server";
import { useNextServer } from "./support/next-server";

const db = useTestDatabase();
const target = inject("testDatabase");
/** lib/ingest/ingest.ts: how long after its commit ingest folds the committed deltas. */
const FOLD_GAP_MS = 500;
// Every test below runs through both front doors, over a real socket:
// - the Node server of `npm start`, which answers ingest before Next (its fast route);
// - plain `next start` (as serverless hosts run the app): proxy.ts, then the app route.
const doors = [
  { door: "npm start", origin: useNativeServer() },
  { door: "next start", origin: useNextServer() },
];

async function ingestTenant(scopes: ("ingest" | "read")[] = ["ingest"]) {
  const tenant = await createTenant(db());
  return { ...tenant, key: await createApiKey(db(), tenant, scopes) };
}

const now = () => Date.now();
const req = (i: number, extra: Record<string, unknown> = {}) => ({
  type: "request",
  id: `req-${i}`,
  method: "GET",
  route: "/api/items/[id]",
  statusCode: 200,
  durationMs: 10 + (i % 90),
  timestamp: now() - 1000,
  ...extra,
});

async function countRows(table: typeof requests | typeof invocations | typeof logs | typeof errorEvents, projectId: string) {
  const [{ n }] = await db().select({ n: count() }).from(table).where(eq(table.projectId, projectId));
  return n;
}

/** Request events in the minute rollups of a project, after folding its pending deltas. */
async function foldedRequestCount(projectId: string): Promise<number> {
  await foldRollups(db(), projectId);
  const [{ total }] = await db()
    .select({ total: sql<number>`sum(${rollupsMinute.count})::int` })
    .from(rollupsMinute)
    .where(and(eq(rollupsMinute.projectId, projectId), eq(rollupsMinute.kind, "request")));
  return total;
}

describe.each(doors)("through $door", ({ origin }) => {
  function post(key: string | null, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { "content-type": "application/json", ...headers };
    if (key) h.authorization = `Bearer ${key}`;
    const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
    return send(`${origin()}/api/v1/ingest`, { method: "POST", headers: h, body: payload });
  }

  describe("POST /api/v1/ingest — the contract", () => {
    it("is one handler, whichever server answers", () => {
      expect(ingestRoute.POST).toBe(ingestEndpoint);
    });

    it("202: stores valid events and lists the invalid ones with pointers", async () => {
      const { project, key } = await ingestTenant();
      const res = await post(key, {
        events: [req(1), { type: "request", method: "GET", route: "/x", statusCode: 200, durationMs: "slow" }, { type: "log", level: "info", message: "hi" }],
      });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: [{ index: 1, errors: [{ pointer: "/events/1/durationMs", message: expect.any(String) }] }],
      });
      expect(await countRows(requests, project.id)).toBe(1);
      expect(await countRows(logs, project.id)).toBe(1);
    });

    it("400: not JSON, the wrong shape, too many events, or nothing valid — and nothing stored", async () => {
      const { project, key } = await ingestTenant();
      for (const [body, pointer] of [
        ["{not json", ""],
        [{ event: [] }, "/events"],
        [{ events: [] }, "/events"],
        [{ events: Array.from({ length: 1001 }, (_, i) => req(i)) }, "/events"],
        [{ events: [{ type: "request" }, { type: "bogus" }] }, "/events/0/method"],
      ] as const) {
        const res = await post(key, body);
        expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        const problem = await res.json();
        expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      }
      expect(await countRows(requests, project.id)).toBe(0);
    });

    it("401 without a valid key, 403 with a read-only key", async () => {
      const { key: readKey } = await ingestTenant(["read"]);
      for (const key of [null, "vgl_nope", readKey.slice(0, -2)]) {
        const res = await post(key, { events: [req(1)] });
        expect(res.status).toBe(401);
        expect((await res.json()).status).toBe(401);
      }
      const forbidden = await post(readKey, { events: [req(1)] });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get("content-type")).toBe("application/problem+json");
    });

    it("413: a body over 1 MiB, and a gzip body that inflates past it", async () => {
      const { project, key } = await ingestTenant();
      const big = JSON.stringify({ events: [{ type: "log", level: "info", message: "x".repeat(1024 * 1024) }] });
      expect((await post(key, big)).status).toBe(413);
      // ~1.2 MiB of valid JSON that gzips to a few KiB: refused on its inflated size.
      const events = Array.from({ length: 1000 }, (_, i) => ({ type: "log", level: "info", message: `${"y".repeat(1200)} ${i}` }));
      const bomb = gzipSync(JSON.stringify({ events }));
      expect(bomb.length).toBeLessThan(100 * 1024);
      const res = await post(key, new Uint8Array(bomb), { "content-encoding": "gzip" });
      expect(res.status).toBe(413);
      expect((await res.json()).title).toBe("Payload too large");
      expect(await countRows(logs, project.id)).toBe(0);
      // A gzip body under the cap is accepted.
      const small = gzipSync(JSON.stringify({ events: [{ type: "log", level: "info", message: "compressed" }] }));
      expect((await post(key, new Uint8Array(small), { "content-encoding": "gzip" })).status).toBe(202);
    });

    it("rejects timestamps more than 30 days old or 1 hour ahead, per event", async () => {
      const { key } = await ingestTenant();
      const res = await post(key, {
        events: [req(1, { timestamp: now() - 31 * 86_400_000 }), req(2, { timestamp: new Date(now() + 2 * 3_600_000).toISOString() }), req(3)],
      });
      const body = await res.json();
      expect(body.accepted).toBe(1);
      expect(body.rejected.map((r: { errors: { pointer: string }[] }) => r.errors[0].pointer)).toEqual(["/events/0/timestamp", "/events/1/timestamp"]);
    });
  });

  describe("durability and deduplication", () => {
    function batchWithThreeInvalid() {
      const events: unknown[] = Array.from({ length: 1000 }, (_, i) => req(i));
      events[10] = { ...req(10), statusCode: 42 };
      events[500] = { ...req(500), method: undefined };
      events[999] = { ...req(999), durationMs: -5 };
      return { events };
    }

    it("a 1,000-event batch with 3 invalid events stores 997 exactly once", async () => {
      const { project, key } = await ingestTenant();
      const res = await post(key, batchWithThreeInvalid());
      const body = await res.json();
      expect(res.status).toBe(202);
      expect(body).toMatchObject({ accepted: 997, duplicates: 0 });
      expect(body.rejected).toEqual([
        { index: 10, errors: [{ pointer: "/events/10/statusCode", message: expect.any(String) }] },
        { index: 500, errors: [{ pointer: "/events/500/method", message: expect.any(String) }] },
        { index: 999, errors: [{ pointer: "/events/999/durationMs", message: expect.any(String) }] },
      ]);
      expect(await countRows(requests, project.id)).toBe(997);
    });

    it("the same batch sent twice is stored once; duplicates are counted", async () => {
      const { project, key } = await ingestTenant();
      await post(key, batchWithThreeInvalid());
      const again = await (await post(key, batchWithThreeInvalid())).json();
      expect(again).toMatchObject({ accepted: 0, duplicates: 997 });
      expect(await countRows(requests, project.id)).toBe(997);
    });

    it("the same batch sent 5 times concurrently is stored once", async () => {
      const { project, key } = await ingestTenant();
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(key, batchWithThreeInvalid()).then((r) => r.json())));
      expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(997);
      expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(4 * 997);
      expect(await countRows(requests, project.id)).toBe(997);
      // Rollups count each stored event once too.
      const total = await foldedRequestCount(project.id);
      expect(total).toBe(997);
    });

    it("a batch partly stored before: rollups and issues count only the events stored now", async () => {
      const { project, key } = await ingestTenant();
      const error = (i: number) => ({ type: "error", id: `err-${i}`, name: "TypeError", message: "boom", timestamp: now() - 1000 });
      const batch = (from: number, to: number) => ({ events: Array.from({ length: to - from }, (_, k) => [req(from + k), error(from + k)]).flat() });
      expect(await (await post(key, batch(0, 10))).json()).toMatchObject({ accepted: 20, duplicates: 0 });
      expect(await (await post(key, batch(5, 15))).json()).toMatchObject({ accepted: 10, duplicates: 10 });

      const total = await foldedRequestCount(project.id);
      expect(total).toBe(15);
      const groups = await db().select({ count: issues.eventCount }).from(issues).where(eq(issues.projectId, project.id));
      expect(groups).toEqual([{ count: 15 }]);
      expect(await countRows(errorEvents, project.id)).toBe(15);
    });

    it("an id repeated within one batch is stored once, and counted once in rollups and issues", async () => {
      const { project, key } = await ingestTenant();
      const error = { type: "error", id: "err-twice", name: "TypeError", message: "boom", timestamp: now() - 1000 };
      const body = { events: [req(1), req(2), req(1), error, error] };
      expect(await (await post(key, body)).json()).toMatchObject({ accepted: 3, duplicates: 2 });

      expect(await countRows(requests, project.id)).toBe(2);
      expect(await foldedRequestCount(project.id)).toBe(2);
      const groups = await db().select({ count: issues.eventCount }).from(issues).where(eq(issues.projectId, project.id));
      expect(groups).toEqual([{ count: 1 }]);
    });
  });

  describe("errors grouped into issues", () => {
    const stack = (fn: string) =>
      `TypeError: boom\n    at ${fn} (/var/task/app/api/orders/route.js:12:7)\n    at handler (/var/task/app/api/orders/route.js:40:3)\n    at next (/var/task/node_modules/next/dist/server.js:100:1)`;

    async function issuesOf(projectId: string) {
      return db().select().from(issues).where(eq(issues.projectId, projectId));
    }

    it("groups the same stack despite ids in the message, splits different stacks, honours client fingerprints", async () => {
      const { project, key } = await ingestTenant();
      const res = await post(key, {
        events: [
          { type: "error", name: "TypeError", message: "Order 123 not found for user 0b3c8e1a-4f0e-4c4e-9a57-1c1f6f7f3b1a", stack: stack("loadOrder") },
          { type: "error", name: "TypeError", message: "Order 98765 not found for user a@b.io", stack: stack("loadOrder") },
          { type: "error", name: "TypeError", message: "Order 1 not found", stack: stack("saveOrder") },
          { type: "error", name: "TypeError", message: "x", stack: stack("loadOrder"), fingerprint: ["payments-down"] },
          { type: "error", name: "RangeError", message: "y", stack: stack("saveOrder"), fingerprint: ["payments-down"] },
        ],
      });
      expect((await res.json()).accepted).toBe(5);
      const groups = await issuesOf(project.id);
      expect(groups.map((g) => g.eventCount).sort()).toEqual([1, 2, 2]);
      const byCount = groups.find((g) => g.eventCount === 2 && g.title.startsWith("TypeError: Order"));
      expect(byCount?.culprit).toContain("loadOrder");
      // Each event points at its group, stack kept.
      const events = await db().select().from(errorEvents).where(eq(errorEvents.projectId, project.id));
      expect(new Set(events.map((e) => e.issueId)).size).toBe(3);
      expect(events.every((e) => e.stack?.includes("route.js"))).toBe(true);
    });

    it("an event for a resolved issue reopens it as a regression", async () => {
      const { project, key } = await ingestTenant();
      const event = { type: "error", name: "Error", message: "database timeout after 3000ms", timestamp: now() - 60_000 };
      await post(key, { events: [event] });
      const [issue] = await issuesOf(project.id);
      expect(issue).toMatchObject({ status: "unresolved", regressedAt: null, eventCount: 1 });
      // Resolved a second ago, so the next event is newer than the resolution even when both
      // fall in the same millisecond on a fast machine (an event at the very instant is not).
      await db().update(issues).set({ status: "resolved", resolvedAt: new Date(now() - 1000) }).where(and(eq(issues.projectId, project.id), eq(issues.id, issue.id)));
      await post(key, { events: [{ ...event, message: "database timeout after 5000ms", timestamp: now() }] });
      const [reopened] = await issuesOf(project.id);
      expect(reopened.status).toBe("unresolved");
      expect(reopened.regressedAt).not.toBeNull();
      expect(reopened.resolvedAt).toBeNull();
      expect(reopened.eventCount).toBe(2);
    });
  });

  describe("deployments", () => {
    it("end in the right final state and duration when events arrive out of order", async () => {
      const { project, key } = await ingestTenant();
      const t0 = now() - 600_000;
      const ev = (status: string, offset: number, extra: Record<string, unknown> = {}) => ({
        type: "deployment",
        deploymentId: "dpl_1",
        status,
        timestamp: t0 + offset,
        ...extra,
      });
      // succeeded arrives first, then a late building, then the start.
      await post(key, { events: [ev("succeeded", 90_000, { url: "https://x.example" })] });
      await post(key, { events: [ev("building", 10_000, { branch: "main", commitSha: "abc123" })] });
      await post(key, { events: [ev("started", 0, { framework: "nextjs" })] });
      const [d] = await db().select().from(deployments).where(eq(deployments.projectId, project.id));
      expect(d).toMatchObject({ status: "succeeded", branch: "main", commitSha: "abc123", framework: "nextjs", url: "https://x.example", eventCount: 3 });
      expect(d.startedAt.getTime()).toBe(t0);
      expect(d.finishedAt?.getTime()).toBe(t0 + 90_000);
      expect(d.durationMs).toBe(90_000);

      // A failed deployment, all in one batch, shuffled; the reported duration wins.
      await post(key, {
        events: [
          { ...ev("failed", 50_000, { durationMs: 47_000 }), deploymentId: "dpl_2" },
          { ...ev("started", 0), deploymentId: "dpl_2" },
          { ...ev("building", 5_000), deploymentId: "dpl_2" },
        ],
      });
      const [d2] = await db().select().from(deployments).where(and(eq(deployments.projectId, project.id), eq(deployments.deploymentId, "dpl_2")));
      expect(d2).toMatchObject({ status: "failed", durationMs: 47_000 });
    });
  });

  describe("rollups", () => {
    it("percentiles read from rollups are within 2% of exact, and events reach every tier without being asked: at commit, or at the fold ingest schedules FOLD_GAP_MS after it", async () => {
      const { project, key } = await ingestTenant();
      // A skewed latency distribution, deterministic.
      let seed = 42;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const durations = Array.from({ length: 3000 }, () => Math.round(20 * Math.exp(rand() * 4) * 100) / 100);
      const t = now() - 120_000;
      // The fold's timer runs on a clock this test moves: no waiting for FOLD_GAP_MS to pass.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      try {
        for (let i = 0; i < durations.length; i += 1000) {
          const events = durations.slice(i, i + 1000).map((d, j) => ({
            type: "invocation",
            functionName: "api/checkout",
            durationMs: d,
            status: j % 50 === 0 ? "error" : "success",
            coldStart: j % 10 === 0,
            timestamp: t + ((i + j) % 3) * 60_000,
          }));
          expect((await post(key, { events })).status).toBe(202);
        }
        if (target.kind === "postgres") {
          // PostgreSQL: ingest committed deltas and scheduled their fold FOLD_GAP_MS later.
          // Nobody folds here: advancing the clock by the gap is all the fold waits for.
          await vi.advanceTimersByTimeAsync(FOLD_GAP_MS);
        }
      } finally {
        vi.useRealTimers();
      }
      const sorted = [...durations].sort((a, b) => a - b);
      const exact = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
      const read = async (table: typeof rollupsMinute) => {
        const [row] = await db()
          .select({ n: sql<number>`coalesce(sum(${table.count}), 0)::int`, errors: sql<number>`sum(${table.errorCount})::int`, hist: sql<Record<string, number>>`vigil_hist_sum(${table.hist}::jsonb)` })
          .from(table)
          .where(and(eq(table.projectId, project.id), eq(table.kind, "invocation"), eq(table.dimension, "api/checkout")));
        return row;
      };
      // PGlite merges the rollups in the ingest transaction: every tier is complete at commit.
      // PostgreSQL: the fold that started when the gap passed is running; wait for its commit
      // (its database work, not a clock: the bound only turns a fold that never comes into a failure).
      if (target.kind === "postgres") await vi.waitFor(async () => expect((await read(rollupsDay)).n).toBe(3000), { timeout: 20_000, interval: 20 });
      for (const table of [rollupsMinute, rollupsHour, rollupsDay]) {
        const row = await read(table);
        expect(row.n).toBe(3000);
        expect(row.errors).toBe(60);
        for (const q of [0.5, 0.95, 0.99]) {
          const estimate = quantile(row.hist, q)!;
          expect(Math.abs(estimate - exact(q)) / exact(q)).toBeLessThan(0.02);
        }
      }
    });

    it("a backlog larger than one fold's batch is drained in several transactions, every delta once", async () => {
      const { project } = await ingestTenant();
      const minute = new Date(Math.floor(now() / 60_000) * 60_000 - 60_000).toISOString();
      // 25,000 pending deltas of one key, as an outage of the fold would leave them.
      await db().execute(sql`
        insert into rollups_pending (project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count,
          cold_start_count, good_count, poor_count, sum, min, max, hist)
        select ${project.id}, 'request', ${minute}::timestamptz, 'production', 'GET /backlog', 1, 0, 0, 0, 0, 0, 12, 12, 12, '{"1254": 1}'::jsonb
        from generate_series(1, 25000)`);
      // (A fold the ingests above scheduled may take part of it: what counts is that none is left.)
      await foldRollups(db(), project.id);
      const [{ left }] = await db().select({ left: count() }).from(rollupsPending).where(eq(rollupsPending.projectId, project.id));
      expect(left).toBe(0);
      for (const table of [rollupsMinute, rollupsHour, rollupsDay]) {
        const rows = await db()
          .select({ count: table.count, hist: table.hist, quantiles: table.quantiles })
          .from(table)
          .where(and(eq(table.projectId, project.id), eq(table.dimension, "GET /backlog")));
        expect(rows).toHaveLength(1);
        expect(rows[0].count).toBe(25_000);
        expect(rows[0].hist).toEqual({ "1254": 25_000 });
        expect(rows[0].quantiles).toHaveLength(4);
      }
    });

    it("a fold merges every batch's deltas exactly once, and one that fails leaves them for the next", async () => {
      const { project, key } = await ingestTenant();
      const batch = (from: number) => ({
        events: Array.from({ length: 40 }, (_, i) => ({ type: "request", method: "GET", route: "/api/cart", statusCode: i % 8 === 0 ? 503 : 200, durationMs: 10 + from + i, timestamp: now() - 30_000 })),
      });
      // Three batches committed concurrently, then one explicit fold: one row per tier key.
      await Promise.all([0, 100, 200].map((from) => post(key, batch(from))));
      await foldRollups(db(), project.id);
      const pending = () => db().select({ n: count() }).from(rollupsPending).where(eq(rollupsPending.projectId, project.id)).then(([r]) => r.n);
      expect(await pending()).toBe(0);
      const rows = await db()
        .select({ count: rollupsMinute.count, errors: rollupsMinute.errorCount, min: rollupsMinute.min, max: rollupsMinute.max })
        .from(rollupsMinute)
        .where(and(eq(rollupsMinute.projectId, project.id), eq(rollupsMinute.kind, "request")));
      expect(rows).toEqual([{ count: 120, errors: 15, min: 10, max: 249 }]);

      // A fold that fails (here: the day tier refuses this project's rows) rolls back whole,
      // minute and hour included: the deltas stay pending, and the next fold applies them once.
      // The delta is written as PostgreSQL's ingest leaves it (PGlite merges in the ingest
      // transaction instead): 40 more requests of the same minute, 310–349 ms.
      // Logs captured while the constraint stands: the refusals are asserted, not printed.
      const { logs } = await withLogs(async () => {
        await db().execute(sql.raw(`alter table rollups_day add constraint fold_test_refuses check (project_id <> '${project.id}') not valid`));
        try {
          const [{ minute }] = await db().select({ minute: rollupsMinute.bucketStart }).from(rollupsMinute).where(and(eq(rollupsMinute.projectId, project.id), eq(rollupsMinute.kind, "request")));
          await db().execute(sql`
            insert into rollups_pending (project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count,
              cold_start_count, good_count, poor_count, sum, min, max, hist)
            values (${project.id}, 'request', ${minute.toISOString()}::timestamptz, 'production', 'GET /api/cart', 40, 5, 0, 0, 0, 0, 13180, 310, 349, '{"1254": 40}')`);
          await expect(foldRollups(db(), project.id)).rejects.toThrow();
          expect(await pending()).toBeGreaterThan(0);
          // Nor does it hold back another project: a fold of all projects folds that one's deltas.
          const other = await ingestTenant();
          await db().execute(sql`
            insert into rollups_pending (project_id, kind, bucket_start, environment, dimension, count, error_count, client_error_count,
              cold_start_count, good_count, poor_count, sum, min, max, hist)
            values (${other.project.id}, 'request', ${minute.toISOString()}::timestamptz, 'production', 'GET /other', 3, 0, 0, 0, 0, 0, 30, 10, 10, '{"1254": 3}')`);
          await foldRollups(db());
          const [otherRow] = await db().select({ count: rollupsDay.count }).from(rollupsDay).where(eq(rollupsDay.projectId, other.project.id));
          expect(otherRow).toEqual({ count: 3 });
          expect(await pending()).toBeGreaterThan(0);
        } finally {
          // rollups_day is shared by every test of the run: the constraint goes whatever happened.
          await db().execute(sql`alter table rollups_day drop constraint if exists fold_test_refuses`);
        }
      });
      // The fold of all projects reported the refused project (logged, not thrown); no other.
      const errors = logs.filter((l) => l.level === "error");
      expect(errors).toContainEqual(expect.objectContaining({ msg: "rollup fold failed for a project; its deltas stay pending", projectId: project.id }));
      expect(errors.every((l) => l.projectId === project.id)).toBe(true);
      await foldRollups(db(), project.id);
      expect(await pending()).toBe(0);
      for (const table of [rollupsMinute, rollupsHour, rollupsDay]) {
        const after = await db()
          .select({ count: table.count, max: table.max })
          .from(table)
          .where(and(eq(table.projectId, project.id), eq(table.kind, "request")));
        expect(after).toEqual([{ count: 160, max: 349 }]);
      }
    });
  });
});
