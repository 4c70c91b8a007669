import { readFileSync } from "node:fs";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { openPglite, openPostgres } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { requests } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";
import { ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createTenant } from "./support/factories";

const db = useTestDatabase();
const target = inject("testDatabase");

function batch(label: string, size: number) {
  return { events: Array.from({ length: size }, (_, i) => ({ type: "request", id: `${label}-${i}`, method: "POST", route: "/api/pay", statusCode: 201, durationMs: 30 + i })) };
}

/** A handle to the same kind of database whose storage has gone away. */
async function unavailableDatabase() {
  const handle =
    target.kind === "postgres" ? await openPostgres(target.url, 1) : await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
  await handle.close();
  return handle.db;
}

describe("when storage fails", () => {
  it("answers 503 with Retry-After and stores nothing", async () => {
    const { project } = await createTenant(db());
    const failure = await ingestBatch(await unavailableDatabase(), project.id, batch("down", 10)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).status).toBe(503);
    expect((failure as AppError).headers["Retry-After"]).toBe("5");
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
    const victim = await openPostgres(target.url, 4, "vigil-chaos");
    const killer = await openPostgres(target.url, 1, "vigil-killer");
    // Kills ingest connections while they are inside a transaction (mid-batch), a dozen
    // times at most, spaced out so that batches also get through between kills.
    let killing = true;
    let kills = 0;
    const killLoop = (async () => {
      while (killing && kills < 12) {
        const rows = await queryRows<{ killed: boolean }>(
          killer.db,
          sql`select pg_terminate_backend(pid) as killed from pg_stat_activity
              where datname = current_database() and application_name = 'vigil-chaos'
                and xact_start is not null and state in ('active', 'idle in transaction')`,
        );
        kills += rows.filter((r) => r.killed).length;
        await new Promise((r) => setTimeout(r, rows.length ? 40 : 2));
      }
    })();

    const BATCHES = 40;
    const SIZE = 250;
    const outcomes: { label: string; status: number; accepted: number; duplicates: number }[] = [];
    const pending = Array.from({ length: BATCHES }, (_, i) => `chaos-${i}`);
    // Four clients in parallel, like four serverless instances.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let label = pending.shift(); label; label = pending.shift()) {
          try {
            const r = await ingestBatch(victim.db, project.id, batch(label, SIZE));
            outcomes.push({ label, status: 202, accepted: r.accepted, duplicates: r.duplicates });
          } catch (err) {
            outcomes.push({ label, status: (err as AppError).status ?? 500, accepted: 0, duplicates: 0 });
          }
        }
      }),
    );
    killing = false;
    await killLoop;
    const failed = outcomes.filter((o) => o.status !== 202);
    expect(kills).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((o) => o.status === 503)).toBe(true);

    // Every 202 stored its whole batch; every 503 stored nothing, so its retry is all new.
    for (const o of outcomes.filter((x) => x.status === 202)) expect(o).toMatchObject({ accepted: SIZE, duplicates: 0 });
    for (const o of failed) {
      const retry = await ingestBatch(db(), project.id, batch(o.label, SIZE));
      expect(retry).toMatchObject({ accepted: SIZE, duplicates: 0 });
    }
    const [stored] = await db()
      .select({ n: count(), distinct: sql<number>`count(distinct ${requests.eventId})::int` })
      .from(requests)
      .where(eq(requests.projectId, project.id));
    expect(stored).toEqual({ n: BATCHES * SIZE, distinct: BATCHES * SIZE });
    await victim.close();
    await killer.close();
  }, 120_000);
});
