import { sql, type SQL } from "drizzle-orm";
import { driverOf, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { foldDeployments, upsertDeploymentsStatement } from "./deployments";
import { issueDeltas, upsertIssuesStatement } from "./issues";
import type { NormalizedEvent } from "./normalize";
import { insertRawStatement } from "./raw-tables";
import { lockRollupFolds, mergeIntoTiers } from "./rollup-fold";
import { insertPendingRollupsStatement, rollupDeltas } from "./rollups";
import type { EventType } from "./schema";

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
}

const TYPES: EventType[] = ["deployment", "invocation", "request", "error", "log", "vital"];

/**
 * Where a batch's rollups are merged. PGlite is one connection: its transactions never run
 * concurrently, so nothing queues on the rollup rows, and merging them in the ingest
 * transaction saves writing every delta twice (to `rollups_pending`, then to the tiers:
 * loading the sample week takes ~9.5 s this way against ~13.7 s through the fold). PostgreSQL
 * runs transactions concurrently: they append to `rollups_pending` and the fold merges.
 */
export function rollupsMergeInline(db: Db): boolean {
  return driverOf(db) === "pglite";
}

interface Owned {
  event: NormalizedEvent;
  batch: number;
}

/** A group's events, deduplicated within the group and split by type, and each batch's tally so far. */
interface GroupPlan {
  outcomes: BatchOutcome[];
  owned: Owned[];
  byType: Map<EventType, Owned[]>;
}

function planGroup(batches: NormalizedEvent[][]): GroupPlan {
  const outcomes = batches.map(() => ({ accepted: 0, duplicates: 0 }));
  // First occurrence in the group owns an event id; later copies are duplicates outright.
  const owners = new Map<string, Owned>();
  batches.forEach((events, batch) => {
    for (const event of events) {
      const key = `${event.event.type}\u0000${event.projectId}\u0000${event.eventId}`;
      if (owners.has(key)) outcomes[batch].duplicates += 1;
      else owners.set(key, { event, batch });
    }
  });
  const byType = new Map<EventType, Owned[]>();
  for (const owned of owners.values()) {
    const list = byType.get(owned.event.event.type) ?? [];
    list.push(owned);
    byType.set(owned.event.event.type, list);
  }
  return { outcomes, owned: [...owners.values()], byType };
}

/**
 * Writes several requests' batches atomically: raw rows (deduplicated on (project_id,
 * event_id) — within the group and against what is stored), then, from the rows actually
 * stored, the rollup deltas (merged in place or left pending for the fold, see
 * `rollupsMergeInline`), deployment states and issue groups. Either all of it commits or
 * none of it does.
 *
 * Deployment and issue rows are shared by concurrent groups and stay locked until commit,
 * so they are written last: a group holds them for one statement and its commit, not for
 * the whole transaction.
 */
export async function writeBatches(db: Db, batches: NormalizedEvent[][]): Promise<BatchOutcome[]> {
  const plan = planGroup(batches);
  if (!rollupsMergeInline(db) && (await writeInOneStatement(db, plan))) {
    for (const { batch } of plan.owned) plan.outcomes[batch].accepted += 1;
    return plan.outcomes;
  }
  await writeInTransaction(db, plan);
  return plan.outcomes;
}

/**
 * The common case on PostgreSQL, in one round trip: one statement (so one implicit
 * transaction) stores the raw rows and, derived from all of them, the pending rollup
 * deltas, deployment states and issue counts. Every statement and round trip of a
 * transaction costs both processes CPU; this one replaces nine. If any event was already
 * stored (a retried batch), the guard aborts the whole statement and this answers false:
 * the transaction path then derives everything from the rows actually stored.
 */
async function writeInOneStatement(db: Db, plan: GroupPlan): Promise<boolean> {
  const events = plan.owned.map((o) => o.event);
  const parts: SQL[] = [];
  const stored: SQL[] = [];
  for (const type of TYPES) {
    const owned = plan.byType.get(type);
    if (!owned?.length) continue;
    const name = sql.raw(`raw_${type}`);
    parts.push(sql`${name} as (${insertRawStatement(type, owned.map((o) => o.event))})`);
    stored.push(sql`(select count(*) from ${name})`);
  }
  parts.push(sql`pending as (${insertPendingRollupsStatement(rollupDeltas(events))})`);
  const deployments = events.filter((e) => e.event.type === "deployment");
  if (deployments.length) parts.push(sql`deployment_states as (${upsertDeploymentsStatement(foldDeployments(deployments))})`);
  const errors = events.filter((e) => e.event.type === "error");
  if (errors.length) parts.push(sql`issue_counts as (${upsertIssuesStatement(issueDeltas(errors))})`);
  try {
    await db.execute(sql`with ${sql.join(parts, sql`, `)} select vigil_assert_all_stored(${sql.join(stored, sql` + `)}, ${events.length})`);
    return true;
  } catch (err) {
    if (isDuplicateAbort(err)) return false;
    throw err;
  }
}

/** The guard of migration 0009 (SQLSTATE VGDUP), wherever the driver nests it. */
function isDuplicateAbort(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if ((e as { code?: unknown }).code === "VGDUP") return true;
  return false;
}

/**
 * The general case, in a transaction: raw rows first (answering which were stored), then
 * whatever derives from the stored ones only.
 */
async function writeInTransaction(db: Db, { outcomes, byType }: GroupPlan): Promise<void> {
  const mergesRollupsInline = rollupsMergeInline(db);
  await db.transaction(async (tx) => {
    const stored: NormalizedEvent[] = [];
    for (const type of TYPES) {
      const owned = byType.get(type);
      if (!owned?.length) continue;
      const inserted = await queryRows<{ project_id: string; event_id: string }>(
        tx,
        insertRawStatement(
          type,
          owned.map((o) => o.event),
        ),
      );
      const keys = new Set(inserted.map((r) => `${r.project_id}\u0000${r.event_id}`));
      for (const { event, batch } of owned) {
        if (keys.has(`${event.projectId}\u0000${event.eventId}`)) {
          outcomes[batch].accepted += 1;
          stored.push(event);
        } else {
          outcomes[batch].duplicates += 1;
        }
      }
    }
    if (stored.length === 0) return;
    const minutes = rollupDeltas(stored);
    if (mergesRollupsInline) {
      await lockRollupFolds(tx);
      await mergeIntoTiers(tx, minutes, { uniqueMinutes: true });
    } else {
      await tx.execute(insertPendingRollupsStatement(minutes));
    }
    const deployments = stored.filter((e) => e.event.type === "deployment");
    if (deployments.length) await tx.execute(upsertDeploymentsStatement(foldDeployments(deployments)));
    const errors = stored.filter((e) => e.event.type === "error");
    if (errors.length) await tx.execute(upsertIssuesStatement(issueDeltas(errors)));
  });
}
