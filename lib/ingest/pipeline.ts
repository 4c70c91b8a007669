import { driverOf, type Db } from "@/lib/db/client";
import { isRefusedData, sqlStateOf } from "@/lib/db/errors";
import { UnavailableError, ValidationError, type FieldError } from "@/lib/errors";
import { log } from "@/lib/log";
import { toStorableValue } from "@/lib/text";
import { GroupCommitter } from "./group-commit";
import { normalizeEvent, type NormalizedEvent } from "./normalize";
import { FoldSchedule, foldPendingRollups } from "@/lib/rollups/fold";
import { timestampProblem, type IngestEvent } from "./schema";
import { rollupsMergeInline, writeBatches, type BatchOutcome } from "./writer";
import { processSlot } from "@/lib/process-state";

export interface Rejection {
  index: number;
  errors: FieldError[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

/** One event a format decoded, with where it sat in the request (for rejection pointers). */
export interface DecodedEvent {
  index: number;
  /** JSON Pointer of the event in the request, e.g. `/events/3`. */
  pointer: string;
  event: IngestEvent;
}

/** What a format (lib/ingest/formats/) makes of a request: valid events, and the rejected ones. */
export interface DecodedBatch {
  events: DecodedEvent[];
  rejected: Rejection[];
}

/**
 * Checks what no format can check alone — the time against receipt — and makes the events
 * ready for storage: text PostgreSQL cannot store becomes U+FFFD (lib/text.ts), ids and
 * error groups are derived. A batch without one valid event is a 400.
 */
export function prepareEvents(projectId: string, decoded: DecodedBatch, receivedAt: Date): { events: NormalizedEvent[]; rejected: Rejection[] } {
  const events: NormalizedEvent[] = [];
  const rejected = [...decoded.rejected];
  for (const { index, pointer, event } of decoded.events) {
    const late = timestampProblem(event.timestamp, receivedAt.getTime());
    if (late) rejected.push({ index, errors: [{ pointer: `${pointer}/timestamp`, message: late }] });
    else events.push(normalizeEvent(projectId, toStorableValue(event), receivedAt));
  }
  if (events.length === 0) {
    throw new ValidationError(
      rejected.flatMap((r) => r.errors),
      "No event in the batch is valid; nothing was stored.",
    );
  }
  rejected.sort((a, b) => a.index - b.index);
  return { events, rejected };
}

/** Events per transaction: large enough to amortise commits, small enough to stay short. */
const MAX_GROUP_EVENTS = 5_000;
/**
 * Transactions in flight per process. PGlite is one connection, so one. On PostgreSQL a
 * second group starts beside the first only once a backlog of MIN_CONCURRENT_GROUP_EVENTS
 * waits: fewer, larger statements cost both processes less, and at moderate load a request
 * that waits for the statement in flight and joins the next is answered sooner than one
 * contending with it (docs/benchmarks.md: 1, 2, 3, 4 and 8 in flight measured).
 */
const MAX_GROUPS_IN_FLIGHT = { pglite: 1, postgres: 2 } as const;
const MIN_CONCURRENT_GROUP_EVENTS = 1_000;

/**
 * How long committed deltas may wait for the fold into the rollup tiers: the dashboards'
 * freshness (the issue allows 60 s) traded against folding less often under load.
 */
const FOLD_GAP_MS = 500;

interface Writer {
  db: Db;
  committer: GroupCommitter<NormalizedEvent[], BatchOutcome>;
  folds: FoldSchedule<number>;
}
const writerSlot = processSlot<Writer>("ingest-committer");

/** One group committer and one rollup fold per process and database. */
function writerFor(db: Db): Writer {
  let writer = writerSlot.get();
  if (writer?.db !== db) {
    writer = {
      db,
      committer: new GroupCommitter((batches) => writeBatches(db, batches), MAX_GROUP_EVENTS, MAX_GROUPS_IN_FLIGHT[driverOf(db)], {
        minConcurrentGroup: MIN_CONCURRENT_GROUP_EVENTS,
        // One request's refused data must not fail the other tenants' requests in its group.
        separable: isRefusedData,
      }),
      folds: new FoldSchedule(() => foldPendingRollups(db), FOLD_GAP_MS),
    };
    writerSlot.set(writer);
  }
  return writer;
}

/**
 * Folds the pending rollup deltas now. With a project: that project's, for a reader that
 * must see everything acknowledged for it (the sample-data loader before it redirects to
 * the dashboard, tests before they read); its failure is the caller's. Without: every
 * project's (joining a fold already queued), as the scheduler does for deltas left pending
 * by a process that stopped before its fold.
 */
export function foldRollups(db: Db, projectId?: string): Promise<number> {
  return projectId === undefined ? writerFor(db).folds.now() : foldPendingRollups(db, projectId);
}

/**
 * The one ingest pipeline, whatever the format: stores a request's decoded events and answers only after its transaction committed. A storage
 * failure is a 503: the transaction rolled back, so none of the batch was stored and the
 * client may retry the whole batch (duplicates are then recognised by event id). A batch
 * whose own data the database refused (isolated from the rest of its group) is a 400:
 * retrying it would fail the same way.
 *
 * The raw rows, deployments and issues are visible on commit; the rollups that dashboards
 * read take the batch at the next fold, within FOLD_GAP_MS. A failed fold loses nothing:
 * the deltas are committed with the batch and stay pending for the next fold.
 */
export async function acceptEvents(db: Db, projectId: string, decoded: DecodedBatch, receivedAt = new Date()): Promise<IngestResult> {
  const { events, rejected } = prepareEvents(projectId, decoded, receivedAt);
  const writer = writerFor(db);
  let outcome: BatchOutcome;
  try {
    outcome = await writer.committer.submit(events, events.length);
  } catch (err) {
    if (isRefusedData(err)) {
      log.warn("ingest batch refused by the database", { projectId, events: events.length, err });
      throw new ValidationError(
        [{ pointer: "/events", message: `The database refused a value in this batch (SQLSTATE ${sqlStateOf(err)})` }],
        "A value in this batch cannot be stored; nothing of it was stored. Retrying it unchanged will fail the same way.",
      );
    }
    log.error("ingest write failed", { projectId, events: events.length, err });
    throw new UnavailableError("Storage is unavailable; nothing of this batch was stored. Retry it.", 5);
  }
  if (outcome.accepted > 0 && !rollupsMergeInline(db)) {
    writer.folds.soon().catch((err: unknown) => log.warn("rollup fold failed; deltas stay pending", { err }));
  }
  return { ...outcome, rejected };
}
