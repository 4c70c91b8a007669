import type { Db } from "@/lib/db/client";
import { decodeOtlpLogs, decodeOtlpTraces, encodeOtlpAnswer, parseOtlpBody, type OtlpEncoding, type OtlpSignal } from "./formats/otlp";
import { acceptEvents } from "./pipeline";

/**
 * One OTLP/HTTP export through the ingest pipeline: decoded (a 400 when undecodable),
 * stored in one transaction (a 503 when storage fails, nothing stored), and answered with
 * the Export…ServiceResponse in the request's encoding. An export with nothing to store —
 * only spans Vigil does not keep, or only refused items — is still a 200: the exporter must
 * not retry it, and its partialSuccess says why nothing was kept.
 */
export async function acceptOtlpExport(
  db: Db,
  projectId: string,
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  bytes: Uint8Array,
  receivedAt = new Date(),
): Promise<{ body: Uint8Array | string; contentType: string }> {
  const message = parseOtlpBody(signal, encoding, bytes);
  const batch = signal === "traces" ? decodeOtlpTraces(message, receivedAt) : decodeOtlpLogs(message, receivedAt);
  // The decoder has checked every event against the schema and the receipt window, so the pipeline refuses none.
  if (batch.events.length > 0) await acceptEvents(db, projectId, batch, receivedAt);
  return encodeOtlpAnswer(signal, encoding, batch);
}
