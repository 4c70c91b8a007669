import { sql } from "drizzle-orm";
import type { Histogram } from "@/lib/rollups/histogram";
import type { RollupTable } from "@/lib/rollups/tiers";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { log } from "@/lib/log";
import type { RollupKind } from "@/lib/db/schema";
import {
  insertRollupRowsStatement,
  lockRollupRowsStatement,
  mergeDeltas,
  rollupKey,
  writeRollupRowsStatement,
  type RollupDelta,
} from "./deltas";
import { TIER_BUCKET_MS } from "./time";

/**
 * Folds `rollups_pending` into the minute, hour and day tiers.
 *
 * Ingest transactions only append minute deltas (no key, no row locks shared between
 * batches); this fold drains them and merges each tier key once, however many batches
 * contributed to it. That keeps the hot rollup rows out of the ingest transactions, where
 * every concurrent batch used to queue behind the same minute rows (docs/benchmarks.md,
 * "Where ingest time goes").
 *
 * Exactly once: the delete and the writes to the three tiers are one transaction, so a
 * failed fold leaves every delta pending for the next one. Folds are serialised across
 * processes by a transaction-scoped advisory lock, so replicas take turns.
 */
const FOLD_LOCK = 7_424_318;

/** Waits for a running fold and keeps others out until the caller's transaction ends. */
export async function lockRollupFolds(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK})`);
}

/** A rollup row as read back (pending delta or stored tier row). */
interface PendingRow {
  project_id: string;
  kind: RollupKind;
  bucket_ms: number;
  environment: string;
  dimension: string;
  count: number;
  error_count: number;
  client_error_count: number;
  cold_start_count: number;
  good_count: number;
  poor_count: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** Stored as JSON text (the `hist` columns are text). */
  hist: string;
}

const toDelta = (r: PendingRow): RollupDelta => ({
  projectId: r.project_id,
  kind: r.kind,
  bucketStart: new Date(r.bucket_ms),
  environment: r.environment,
  dimension: r.dimension,
  count: r.count,
  errorCount: r.error_count,
  clientErrorCount: r.client_error_count,
  coldStartCount: r.cold_start_count,
  goodCount: r.good_count,
  poorCount: r.poor_count,
  sum: r.sum,
  min: r.min,
  max: r.max,
  hist: JSON.parse(r.hist) as Histogram,
});

/** Delta rows per fold transaction: a backlog (after an outage) is drained in bounded steps. */
const FOLD_BATCH = 20_000;

/**
 * Drains every committed delta (of one project, when given) into the three tiers; answers how
 * many delta rows it folded. A fold of all projects that fails retries project by project,
 * so a failing project's deltas wait without holding back anyone else's.
 *
 * Per tier: the touched rows that exist are locked and read, merged with the deltas here
 * and written back; the others are inserted. Each row gets its stored quantiles. Merging in Node rather than in
 * SQL is what makes the fold cheap: a histogram merge in SQL unpacks and rebuilds a jsonb
 * object of hundreds of bins per row (~0.3 ms each, docs/benchmarks.md), in JS it is a few
 * microseconds. The rows read stay locked until the commit, so no other writer can slip in
 * between.
 */
export async function foldPendingRollups(db: Db, projectId?: string): Promise<number> {
  try {
    return await drain(db, projectId);
  } catch (err) {
    if (projectId !== undefined) throw err;
    // One project's deltas must not hold every tenant's rollups back: fold project by
    // project, so only the failing one waits (and is reported) while the others go through.
    return foldEachProject(db, err);
  }
}

async function drain(db: Db, projectId: string | undefined): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await foldBatch(db, projectId);
    total += folded;
    if (folded < FOLD_BATCH) return total;
  }
}

async function foldEachProject(db: Db, firstError: unknown): Promise<number> {
  const projects = await queryRows<{ project_id: string }>(db, sql`select distinct project_id from rollups_pending`);
  let total = 0;
  const failed: string[] = [];
  for (const { project_id } of projects) {
    try {
      total += await drain(db, project_id);
    } catch (err) {
      failed.push(project_id);
      log.error("rollup fold failed for a project; its deltas stay pending", { projectId: project_id, err });
    }
  }
  if (failed.length === 0) throw firstError; // not a project's deltas: the fold itself fails
  return total;
}

async function foldBatch(db: Db, projectId: string | undefined): Promise<number> {
  return db.transaction(async (tx) => {
    await lockRollupFolds(tx);
    // Numbers cast in SQL: node-postgres answers bigint as a string, PGlite as a number.
    const pending = await queryRows<PendingRow>(
      tx,
      sql`delete from rollups_pending where ctid in (
          select ctid from rollups_pending ${projectId === undefined ? sql`` : sql`where project_id = ${projectId}`} limit ${FOLD_BATCH})
        returning project_id, kind, (extract(epoch from bucket_start) * 1000)::float8 as bucket_ms,
        environment, dimension, count::float8 as count, error_count::float8 as error_count,
        client_error_count::float8 as client_error_count, cold_start_count::float8 as cold_start_count,
        good_count::float8 as good_count, poor_count::float8 as poor_count, sum, min, max, hist`,
    );
    if (pending.length === 0) return 0;
    await mergeIntoTiers(tx, pending.map(toDelta));
    return pending.length;
  });
}

/**
 * Merges minute deltas into the three tiers, inside the caller's transaction, which must
 * hold the fold lock (`lockRollupFolds`). Each row is written once: the existing ones are
 * locked, read, merged here and updated; the new ones inserted.
 */
export async function mergeIntoTiers(tx: Db, minutes: RollupDelta[], options: { uniqueMinutes?: boolean } = {}): Promise<void> {
  // One batch's minute deltas (`rollupDeltas`) have one delta per key already. Each coarser
  // tier is merged from the finer one, not from every delta again: a fold reads thousands of
  // pending rows, and they are walked once.
  let deltas = options.uniqueMinutes ? minutes : mergeDeltas(minutes, "rollups_minute");
  for (const table of Object.keys(TIER_BUCKET_MS) as RollupTable[]) {
    if (table !== "rollups_minute") deltas = mergeDeltas(deltas, table);
    const stored = (await queryRows<PendingRow>(tx, lockRollupRowsStatement(table, deltas))).map(toDelta);
    const existing = new Set(stored.map(rollupKey));
    const inserts = deltas.filter((d) => !existing.has(rollupKey(d)));
    if (stored.length) {
      const updates = mergeDeltas([...stored, ...deltas.filter((d) => existing.has(rollupKey(d)))], table);
      await tx.execute(writeRollupRowsStatement(table, updates));
    }
    if (inserts.length) await tx.execute(insertRollupRowsStatement(table, inserts));
  }
}

/**
 * When folds run, for one process. Two ways to ask:
 * - `now()` resolves after a fold that started after the call (readers that must see what
 *   was acknowledged: the sample-data loader, tests). While one fold runs, every caller
 *   that arrives joins the single next one.
 * - `soon()` is what ingest calls after each commit: a fold within `gapMs`, shared by every
 *   commit in that time, so under load the fold runs a few times a second however many
 *   batches arrive, and each run merges all of them at once.
 */
export class FoldSchedule<T> {
  private current: Promise<T> | null = null;
  private queued: Promise<T> | null = null;
  private timer: Promise<T> | null = null;

  constructor(
    private readonly fold: () => Promise<T>,
    private readonly gapMs: number,
  ) {}

  now(): Promise<T> {
    if (this.queued) return this.queued;
    if (!this.current) return this.start();
    this.queued = this.current
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  soon(): Promise<T> {
    this.timer ??= new Promise<void>((resolve) => setTimeout(resolve, this.gapMs).unref()).then(() => {
      this.timer = null;
      return this.now();
    });
    return this.timer;
  }

  private start(): Promise<T> {
    const run: Promise<T> = this.fold().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }
}
