import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { projects } from "@/lib/db/schema";
import { RAW_TABLES } from "./raw-tables";
import { lockRollupFolds } from "@/lib/rollups/fold";
import { HOUR_ROLLUP_RETENTION_DAYS, MINUTE_ROLLUP_RETENTION_DAYS } from "@/lib/rollups/time";

const RAW_TABLE_NAMES = Object.values(RAW_TABLES).map((t) => t.table);

export interface RetentionSummary {
  projects: number;
  deleted: Record<string, number>;
  complete: boolean;
}

/**
 * Deletes one bounded batch of rows older than `cutoff` from one project's table: short
 * transactions that never lock a whole table, safe to run beside ingest.
 */
async function deleteBatch(db: Db, table: string, timeColumn: string, projectId: string, cutoff: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with doomed as (
          select ctid from ${sql.raw(table)}
          where project_id = ${projectId} and ${sql.raw(timeColumn)} < ${cutoff.toISOString()}::timestamptz
          limit ${limit}
        ), gone as (
          delete from ${sql.raw(table)} where ctid in (select ctid from doomed) returning 1
        )
        select count(*)::int as n from gone`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Drops raw telemetry older than each project's retention, and rollups past their own
 * horizons, in batches of `batchSize` rows, stopping after `maxBatches` batches that
 * deleted rows (the next run continues). Safe to run concurrently and repeatedly.
 */
export async function applyRetention(
  db: Db,
  options: { now?: Date; batchSize?: number; maxBatches?: number } = {},
): Promise<RetentionSummary> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  let budget = options.maxBatches ?? 500;
  const deleted: Record<string, number> = {};
  const all = await db.select({ id: projects.id, retentionDays: projects.retentionDays }).from(projects);
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  for (const project of all) {
    const work: [string, string, Date][] = [
      ...RAW_TABLE_NAMES.map((t): [string, string, Date] => [t, "ts", days(project.retentionDays)]),
      ["rollups_minute", "bucket_start", days(Math.min(MINUTE_ROLLUP_RETENTION_DAYS, Math.max(project.retentionDays, 1)))],
      ["rollups_hour", "bucket_start", days(Math.max(HOUR_ROLLUP_RETENTION_DAYS, project.retentionDays))],
      ["rollups_day", "bucket_start", days(Math.max(HOUR_ROLLUP_RETENTION_DAYS, project.retentionDays))],
    ];
    for (const [table, column, cutoff] of work) {
      for (;;) {
        if (budget <= 0) return { projects: all.length, deleted, complete: false };
        const n = await deleteBatch(db, table, column, project.id, cutoff, batchSize);
        // Only batches that deleted something spend the budget: finding nothing is one index
        // probe, and every project must be visited each run however many tenants there are.
        if (n > 0) budget--;
        deleted[table] = (deleted[table] ?? 0) + n;
        if (n < batchSize) break;
      }
    }
  }
  return { projects: all.length, deleted, complete: true };
}

/**
 * Everything a project stored outside the tables that cascade from `projects`. Runs inside
 * the deleting transaction, after taking the rollup fold's lock: a fold that had already
 * drained this project's deltas finishes first, and none starts until the deletion commits,
 * so no rollup row of the project is written back after it is gone.
 */
export async function purgeProjectTelemetry(tx: Db, projectId: string): Promise<void> {
  await lockRollupFolds(tx);
  for (const table of [...RAW_TABLE_NAMES, "rollups_pending", "rollups_minute", "rollups_hour", "rollups_day"]) {
    await tx.execute(sql`delete from ${sql.raw(table)} where project_id = ${projectId}`);
  }
}
