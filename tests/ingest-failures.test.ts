import { readFileSync } from "node:fs";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { openPglite, openPostgres } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { issues, requests } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { problemOf } from "@/lib/http/errors";
import { ingestBatch } from "@/lib/ingest/ingest";
import { testDatabaseUrl, useTestDatabase } from "./support/db";
import { createTenant } from "./support/factories";
import { withLogs } from "./support/logs";

const db = useTestDatabase();
const target = inject("testDatabase");
const SIZE = 250;

function batch(label: string, size: number) {
  return { events: Array.from({ length: size }, (_, i) => ({ type: "request", id: `${label}-${i}`, method: "POST", route: "/api/pay", statusCode: 201, durationMs: 30 + i })) };
}

/** A handle to the same kind of database whose storage has gone away. */
async function unavailableDatabase() {
  const handle =
    target.kind === "postgres" ? await openPostgres(testDatabaseUrl(), 1) : await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
  await handle.close();
  return handle.db;
}

describe("when storage fails", () => {
  it("answers 503 with Retry-After, logs why, and stores nothing", async () => {
    const { project } = await createTenant(db());
    const unavailable = await unavailableDatabase();
    const { value: failure, logs } = await withLogs(() => ingestBatch(unavailable, project.id, batch("down", 10)).catch((e: unknown) => e));
    expect(failure).toBeInstanceOf(DomainError);
    expect(problemOf(failure).status).toBe(503);
    expect(problemOf(failure).headers["Retry-After"]).toBe("5");
    expect(logs).toEqual([expect.objectContaining({ level: "error", msg: "ingest write failed", projectId: project.id, events: 10 })]);
    const [{ n }] = await db().select({ n: count() }).from(requests).where(eq(requests.projectId, project.id));
    expect(n).toBe(0);
    // The client retries against working storage: everything is stored, nothing twice.
    expect(await ingestBatch(db(), project.id, batch("down", 10))).toMatchObject({ accepted: 10, duplicates: 0 });
  });
});

// Terminating server connections needs a PostgreSQL server (CI runs the suite on one).
describe.runIf(target.kind === "postgres")("when the PostgreSQL connection is terminated mid-batch", () => {
  it("answers 503, and after retries every accepted event is stored exactly once", async () => {
    if (target.kind !== "postgres") return;
    const { project } = await createTenant(db());
    // Every batch also carries an error of one issue, written in its transaction after the
    // raw rows. While the test holds that issue's row locked, a batch's transaction waits
    // there, its rows written and uncommitted: the kill lands mid-transaction by construction.
    const failure = (label: string) => ({ type: "error", id: `${label}-error`, name: "PaymentError", message: "card declined" });
    const withError = (label: string) => ({ events: [...batch(label, SIZE).events, failure(label)] });
    await ingestBatch(db(), project.id, { events: [failure("seed")] });
    const [issue] = await db().select({ id: issues.id }).from(issues).where(eq(issues.projectId, project.id));

    const victim = await openPostgres(testDatabaseUrl(), 4, "vigil-chaos");
    const holder = await openPostgres(testDatabaseUrl(), 1, "vigil-lock-holder");
    const killer = await openPostgres(testDatabaseUrl(), 1, "vigil-killer");
    try {
      /** Locks the issue's row in a transaction of its own, until `release()`. */
      async function lockIssue() {
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let locked!: (pid: number) => void;
        const holderPid = new Promise<number>((r) => (locked = r));
        const done = holder.db.transaction(async (tx) => {
          const [{ pid }] = await queryRows<{ pid: number }>(
            tx,
            sql`select pg_backend_pid() as pid from issues where project_id = ${project.id} and id = ${issue.id} for update`,
          );
          locked(pid);
          await released;
        });
        return { pid: await holderPid, release, done };
      }
      /** The ingest backends waiting for `pid`'s lock; none once the clients have finished. */
      async function blockedBy(pid: number, finished: () => boolean): Promise<number[]> {
        for (;;) {
          const rows = await queryRows<{ pid: number }>(
            killer.db,
            sql`select pid from pg_stat_activity where application_name = 'vigil-chaos' and ${pid}::int = any(pg_blocking_pids(pid))`,
          );
          if (rows.length > 0 || finished()) return rows.map((r) => r.pid);
          await new Promise((r) => setTimeout(r, 5));
        }
      }

      const BATCHES = 40;
      let kills = 0;
      const outcomes: { label: string; status: number; accepted: number; duplicates: number }[] = [];
      const pending = Array.from({ length: BATCHES }, (_, i) => `chaos-${i}`);
      const { logs } = await withLogs(async () => {
        // Locked before the first batch starts, so the first kill is certain; up to two more
        // rounds while batches remain, with batches getting through in between.
        let lock = await lockIssue();
        let finished = false;
        // Four clients in parallel, like four serverless instances.
        const clients = Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let label = pending.shift(); label; label = pending.shift()) {
              try {
                const r = await ingestBatch(victim.db, project.id, withError(label));
                outcomes.push({ label, status: 202, accepted: r.accepted, duplicates: r.duplicates });
              } catch (err) {
                outcomes.push({ label, status: problemOf(err).status, accepted: 0, duplicates: 0 });
              }
            }
          }),
        ).finally(() => (finished = true));
        for (let round = 0; ; round++) {
          const waiting = await blockedBy(lock.pid, () => finished);
          for (const pid of waiting) {
            const [{ killed }] = await queryRows<{ killed: boolean }>(killer.db, sql`select pg_terminate_backend(${pid}::int) as killed`);
            if (killed) kills++;
          }
          lock.release();
          await lock.done;
          if (round === 2 || finished) break;
          lock = await lockIssue();
        }
        await clients;
      });
      const failed = outcomes.filter((o) => o.status !== 202);
      expect(kills).toBeGreaterThan(0);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((o) => o.status === 503)).toBe(true);
      // Each failed group was logged (with why), not printed among the test results.
      expect(logs.filter((l) => l.level === "error").length).toBeGreaterThan(0);
      expect(logs.filter((l) => l.level === "error").every((l) => l.msg === "ingest write failed" && l.projectId === project.id)).toBe(true);

      // Every 202 stored its whole batch; every 503 stored nothing, so its retry is all new.
      for (const o of outcomes.filter((x) => x.status === 202)) expect(o).toMatchObject({ accepted: SIZE + 1, duplicates: 0 });
      for (const o of failed) {
        const retry = await ingestBatch(db(), project.id, withError(o.label));
        expect(retry).toMatchObject({ accepted: SIZE + 1, duplicates: 0 });
      }
      const [stored] = await db()
        .select({ n: count(), distinct: sql<number>`count(distinct ${requests.eventId})::int` })
        .from(requests)
        .where(eq(requests.projectId, project.id));
      expect(stored).toEqual({ n: BATCHES * SIZE, distinct: BATCHES * SIZE });
      // And the issue counted each batch's error once (plus the seed).
      const [{ eventCount }] = await db().select({ eventCount: issues.eventCount }).from(issues).where(eq(issues.id, issue.id));
      expect(eventCount).toBe(BATCHES + 1);
    } finally {
      await victim.close();
      await holder.close();
      await killer.close();
    }
  }, 120_000);
});
