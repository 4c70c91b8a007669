import { sql, type SQL } from "drizzle-orm";
import { driverOf, type Db } from "@/lib/db/client";
import { sqlStateOf } from "@/lib/db/errors";
import { queryRows } from "@/lib/db/rows";
import { foldDeployments, upsertDeploymentsStatement } from "./deployments";
import { issueDeltas, upsertIssuesStatement } from "./issues";
import type { NormalizedEvent } from "./normalize";
import { insertRawStatement } from "./raw-tables";
import { lockRollupFolds, mergeIntoTiers } from "@/lib/rollups/fold";
import { insertPendingRollupsStatement } from "@/lib/rollups/deltas";
import { rollupDeltas } from "./rollup-deltas";
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
  return { outcomes, byType };
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
  if (!rollupsMergeInline(db) && (await writeInOneStatement(db, batches.flat()))) {
    return batches.map((events) => ({ accepted: events.length, duplicates: 0 }));
  }
  const plan = planGroup(batches);
  await writeInTransaction(db, plan);
  return plan.outcomes;
}

/**
 * The common case on PostgreSQL, in one round trip: one statement (so one implicit
 * transaction) stores the raw rows and, derived from all of them, the pending rollup
 * deltas, deployment states and issue counts. Every statement and round trip of a
 * transaction costs both processes CPU; this one replaces nine.
 *
 * Nothing here looks for duplicates: the raw inserts do not skip them, so an event id seen
 * twice — within a batch, across the group's batches, or already stored by a retried
 * batch — makes the unique index abort the whole statement, and this answers false. The
 * transaction path then deduplicates and derives everything from the rows actually
 * stored. So it does after a deadlock with a concurrent group, which PostgreSQL resolves
 * by aborting one of them.
 */
async function writeInOneStatement(db: Db, events: NormalizedEvent[]): Promise<boolean> {
  const byType = new Map<EventType, NormalizedEvent[]>();
  for (const e of events) {
    const list = byType.get(e.event.type);
    if (list) list.push(e);
    else byType.set(e.event.type, [e]);
  }
  // The deployment and issue rows are shared by concurrent groups and stay locked from
  // their upsert to the commit, so they must be written last: locked for the commit only,
  // not for the whole statement (written first, they serialised concurrent groups and cost
  // about a tenth of the throughput). PostgreSQL documents the order in which a statement's
  // data-modifying CTEs run as unpredictable, so the order is made a data dependency: each
  // upsert's rows pass a condition over the row counts of the CTEs before it (an InitPlan,
  // evaluated before its first row), which runs those CTEs to completion first. Raw rows
  // and pending deltas, then deployments, then issues — one order for every group.
  const parts: SQL[] = [];
  const done: string[] = [];
  for (const type of TYPES) {
    const ofType = byType.get(type);
    if (!ofType) continue;
    parts.push(sql`${sql.raw(`raw_${type}`)} as (${insertRawStatement(type, ofType, "fail")} returning 1)`);
    done.push(`raw_${type}`);
  }
  parts.push(sql`pending as (${insertPendingRollupsStatement(rollupDeltas(events))} returning 1)`);
  done.push("pending");
  const afterAllOf = (names: string[]) => sql.raw(`${names.map((n) => `(select count(*) from ${n})`).join(" + ")} >= 0`);
  const deployments = byType.get("deployment");
  if (deployments) {
    parts.push(sql`deployment_states as (${upsertDeploymentsStatement(foldDeployments(deployments), afterAllOf(done))} returning 1)`);
    done.push("deployment_states");
  }
  const errors = byType.get("error");
  if (errors) parts.push(sql`issue_counts as (${upsertIssuesStatement(issueDeltas(errors), afterAllOf(done))})`);
  try {
    // Data-modifying CTEs run to completion whether or not the main query reads them.
    await db.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
    return true;
  } catch (err) {
    const state = sqlStateOf(err);
    if (state === UNIQUE_VIOLATION || state === DEADLOCK_DETECTED) return false;
    throw err;
  }
}

const UNIQUE_VIOLATION = "23505";
const DEADLOCK_DETECTED = "40P01";

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
          "skip",
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
