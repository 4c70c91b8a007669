import type { Db } from "@/lib/db/client";
import { decodeVigilBatch } from "./formats/vigil";
import { acceptEvents, prepareEvents, type IngestResult } from "./pipeline";

export { foldRollups, type IngestResult } from "./pipeline";

/** A Vigil JSON body, validated and prepared for storage, without storing it. */
export function validateBatch(projectId: string, body: unknown, receivedAt: Date) {
  return prepareEvents(projectId, decodeVigilBatch(body), receivedAt);
}

/** A Vigil JSON body (`{ "events": [ … ] }`) through the ingest pipeline: 202's answer once committed. */
export function ingestBatch(db: Db, projectId: string, body: unknown, receivedAt = new Date()): Promise<IngestResult> {
  return acceptEvents(db, projectId, decodeVigilBatch(body), receivedAt);
}
