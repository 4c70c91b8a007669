import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";

/**
 * Alerting's history follows each project's retention, like its telemetry: resolved
 * incidents (with their timelines), inbox notifications and finished deliveries older than
 * `retention_days` go. Firing incidents stay whatever their age; pending deliveries stay
 * until sent or failed. Bounded batches, as lib/ingest/retention.ts.
 */
const WORK = [
  { table: "incidents", where: sql`t.status = 'resolved' and t.resolved_at` },
  { table: "inbox_notifications", where: sql`t.created_at` },
  { table: "deliveries", where: sql`t.status in ('delivered', 'failed') and t.created_at` },
] as const;

export async function applyAlertRetention(db: Db, options: { now?: Date; batchSize?: number; maxBatches?: number } = {}): Promise<Record<string, number>> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  let budget = options.maxBatches ?? 100;
  const deleted: Record<string, number> = {};
  for (const { table, where } of WORK) {
    for (;;) {
      if (budget-- <= 0) return deleted;
      const [{ n }] = await queryRows<{ n: number }>(
        db,
        sql`with doomed as (
              select t.id from ${sql.raw(table)} t join projects p on p.id = t.project_id
              where ${where} < ${now.toISOString()}::timestamptz - make_interval(days => p.retention_days)
              limit ${batchSize}
            ), gone as (delete from ${sql.raw(table)} where id in (select id from doomed) returning 1)
            select count(*)::int as n from gone`,
      );
      deleted[table] = (deleted[table] ?? 0) + n;
      if (n < batchSize) break;
    }
  }
  return deleted;
}
