import { ValidationError, zodToFieldErrors } from "@/lib/errors";
import type { DecodedBatch } from "../pipeline";
import { batchEnvelope, eventSchema } from "../schema";

/**
 * Vigil's own JSON format (API.md, "Ingest"): `{ "events": [ … ] }`. A wrong envelope is one
 * 400; each event is then validated on its own, so one bad event does not cost the others.
 */
export function decodeVigilBatch(body: unknown): DecodedBatch {
  const envelope = batchEnvelope.safeParse(body);
  if (!envelope.success) {
    throw new ValidationError(zodToFieldErrors(envelope.error), 'The body must be { "events": [ … ] } with 1 to 1000 events.');
  }
  const decoded: DecodedBatch = { events: [], rejected: [] };
  envelope.data.events.forEach((raw, index) => {
    const pointer = `/events/${index}`;
    const parsed = eventSchema.safeParse(raw);
    if (parsed.success) decoded.events.push({ index, pointer, event: parsed.data });
    else decoded.rejected.push({ index, errors: zodToFieldErrors(parsed.error).map((e) => ({ ...e, pointer: `${pointer}${e.pointer === "/" ? "" : e.pointer}` })) });
  });
  return decoded;
}
