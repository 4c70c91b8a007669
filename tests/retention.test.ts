import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { logs, projects, requests, rollupsHour, rollupsMinute } from "@/lib/db/schema";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { applyRetention } from "@/lib/ingest/retention";
import { useTestDatabase } from "./support/db";
import { createTenant } from "./support/factories";

const db = useTestDatabase();
const DAY = 86_400_000;

describe("retention", () => {
  it("deletes raw rows past each project's retention, in bounded batches, and keeps hour rollups", async () => {
    const short = await createTenant(db());
    const long = await createTenant(db());
    await db().update(projects).set({ retentionDays: 7 }).where(eq(projects.id, short.project.id));
    const t0 = Date.now();
    for (const { project } of [short, long]) {
      const events = [
        ...Array.from({ length: 25 }, (_, i) => ({ type: "request", method: "GET", route: "/old", statusCode: 200, durationMs: 5, timestamp: t0 - 20 * DAY - i * 1000 })),
        ...Array.from({ length: 5 }, () => ({ type: "request", method: "GET", route: "/new", statusCode: 200, durationMs: 5, timestamp: t0 - DAY })),
        { type: "log", level: "info", message: "old", timestamp: t0 - 10 * DAY },
      ];
      expect((await ingestBatch(db(), project.id, { events })).accepted).toBe(31);
    }
    await foldRollups(db());
    const n = async (table: typeof requests | typeof logs, projectId: string) =>
      (await db().select({ n: count() }).from(table).where(eq(table.projectId, projectId)))[0].n;

    // A tiny batch budget stops early and says so; the next run continues.
    const partial = await applyRetention(db(), { batchSize: 10, maxBatches: 1 });
    expect(partial.complete).toBe(false);
    let summary = partial;
    for (let i = 0; i < 50 && !summary.complete; i++) summary = await applyRetention(db(), { batchSize: 10 });
    expect(summary.complete).toBe(true);

    expect(await n(requests, short.project.id)).toBe(5); // 7-day retention: 20-day-old rows gone
    expect(await n(logs, short.project.id)).toBe(0); // 10 days old
    expect(await n(requests, long.project.id)).toBe(30); // 30-day default keeps them
    expect(await n(logs, long.project.id)).toBe(1);
    // Hour rollups outlive raw rows; minute rollups keep about a week.
    const hourly = await db().select({ n: count() }).from(rollupsHour).where(and(eq(rollupsHour.projectId, short.project.id), eq(rollupsHour.dimension, "GET /old")));
    expect(hourly[0].n).toBeGreaterThan(0);
    const minutely = await db().select({ n: count() }).from(rollupsMinute).where(and(eq(rollupsMinute.projectId, short.project.id), eq(rollupsMinute.dimension, "GET /old")));
    expect(minutely[0].n).toBe(0);
  });
});
