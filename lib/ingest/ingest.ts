import { driverOf, type Db } from "@/lib/db/client";
import { ServiceUnavailableError, ValidationError, zodToFieldErrors, type FieldError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { GroupCommitter } from "./group-commit";
import { normalizeEvent, type NormalizedEvent } from "./normalize";
import { batchEnvelope, eventSchema, timestampProblem } from "./schema";
import { writeBatches, type BatchOutcome } from "./writer";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; errors: FieldError[] }[];
}

/** Validates each event on its own: the valid ones are stored, the invalid ones reported. */
export function validateBatch(
  projectId: string,
  body: unknown,
  receivedAt: Date,
): { events: NormalizedEvent[]; rejected: IngestResult["rejected"] } {
  const envelope = batchEnvelope.safeParse(body);
  if (!envelope.success) {
    throw new ValidationError(zodToFieldErrors(envelope.error), "The body must be { \"events\": [ … ] } with 1 to 1000 events.");
  }
  const events: NormalizedEvent[] = [];
  const rejected: IngestResult["rejected"] = [];
  envelope.data.events.forEach((raw, index) => {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = zodToFieldErrors(parsed.error).map((e) => ({ ...e, pointer: `/events/${index}${e.pointer === "/" ? "" : e.pointer}` }));
      rejected.push({ index, errors });
      return;
    }
    const late = timestampProblem(parsed.data.timestamp, receivedAt.getTime());
    if (late) rejected.push({ index, errors: [{ pointer: `/events/${index}/timestamp`, message: late }] });
    else events.push(normalizeEvent(projectId, parsed.data, receivedAt));
  });
  if (events.length === 0) {
    throw new ValidationError(
      rejected.flatMap((r) => r.errors),
      "No event in the batch is valid; nothing was stored.",
    );
  }
  return { events, rejected };
}

/** Events per transaction: large enough to amortise commits, small enough to stay short. */
const MAX_GROUP_EVENTS = 5_000;
/**
 * Transactions in flight per process. PGlite is one connection, so one; on PostgreSQL a few
 * keep its cores busy (measured in docs/benchmarks.md) within the default pool of 10.
 */
const MAX_GROUPS_IN_FLIGHT = { pglite: 1, postgres: 4 } as const;

const slot = Symbol.for("vigil.ingest-committer");
type G = typeof globalThis & { [slot]?: { db: Db; committer: GroupCommitter<NormalizedEvent[], BatchOutcome> } };

function committerFor(db: Db, driver: "pglite" | "postgres"): GroupCommitter<NormalizedEvent[], BatchOutcome> {
  const g = globalThis as G;
  if (g[slot]?.db !== db) {
    g[slot] = { db, committer: new GroupCommitter((batches) => writeBatches(db, batches), MAX_GROUP_EVENTS, MAX_GROUPS_IN_FLIGHT[driver]) };
  }
  return g[slot]!.committer;
}

/**
 * Stores a request's batch and answers only after its transaction committed. A storage
 * failure is a 503: the transaction rolled back, so none of the batch was stored and the
 * client may retry the whole batch (duplicates are then recognised by event id).
 */
export async function ingestBatch(db: Db, projectId: string, body: unknown, receivedAt = new Date()): Promise<IngestResult> {
  const { events, rejected } = validateBatch(projectId, body, receivedAt);
  let outcome: BatchOutcome;
  try {
    outcome = await committerFor(db, driverOf(db)).submit(events, events.length);
  } catch (err) {
    log.error("ingest write failed", { projectId, events: events.length, err });
    throw new ServiceUnavailableError("Storage is unavailable; nothing of this batch was stored. Retry it.", 5);
  }
  return { ...outcome, rejected };
}
