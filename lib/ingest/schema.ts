import { z } from "zod";
import { deploymentStatuses, errorLevels, invocationStatuses, logLevels, vitalNames } from "@/lib/events";

/**
 * The ingest contract of API.md, one schema per event type. Every string, number and
 * collection is bounded, so a valid event has a known maximum size.
 */
export const MAX_EVENTS_PER_BATCH = 1000;
const MAX_PAST_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_FUTURE_MS = 60 * 60 * 1000;
const MAX_DURATION_MS = 7 * 24 * 60 * 60 * 1000;

const str = (max: number) => z.string().max(max, `At most ${max} characters`);

/**
 * ISO 8601 string or epoch milliseconds. Whether it lies within 30 days past and 1 hour
 * future of receipt is checked by `timestampProblem`, after parsing: the schema itself is
 * built once (zod compiles a parser on first use, so a per-request schema costs ~100 µs
 * per event).
 */
const timestampField = z
  .union([z.iso.datetime({ offset: true, local: false }), z.number().int().nonnegative()], {
    error: "Expected an ISO 8601 timestamp or epoch milliseconds",
  })
  // Epoch milliseconds: no Date object per event on the hot path.
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
  .optional();

/** The receipt-relative window of API.md, as a field message, or null when the time is fine. */
export function timestampProblem(timestamp: number | undefined, receivedAt: number): string | null {
  if (timestamp === undefined) return null;
  if (timestamp < receivedAt - MAX_PAST_MS) return "Timestamp is more than 30 days in the past";
  if (timestamp > receivedAt + MAX_FUTURE_MS) return "Timestamp is more than 1 hour in the future";
  return null;
}

const attributes = z
  .record(str(128), z.union([str(1024), z.number().finite(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= 50, "At most 50 attributes")
  .optional();

const durationMs = z.number().finite().min(0, "Must be ≥ 0").max(MAX_DURATION_MS, "Too large");

const base = {
  id: str(128).min(1).optional(),
  timestamp: timestampField,
  environment: str(64).min(1).optional(),
  deploymentId: str(128).min(1).optional(),
  attributes,
};

export { deploymentStatuses, errorLevels, invocationStatuses, logLevels, vitalNames };

const frame = z.object({
  filename: str(1024).optional(),
  function: str(512).optional(),
  lineno: z.number().int().nonnegative().optional(),
  colno: z.number().int().nonnegative().optional(),
  inApp: z.boolean().optional(),
});

export const eventSchema = z.discriminatedUnion(
    "type",
    [
      z.object({
        ...base,
        type: z.literal("deployment"),
        deploymentId: str(128).min(1, "Required"),
        status: z.enum(deploymentStatuses),
        commitSha: str(64).optional(),
        branch: str(256).optional(),
        commitMessage: str(1024).optional(),
        framework: str(64).optional(),
        url: str(2048).optional(),
        buildDurationMs: durationMs.optional(),
        durationMs: durationMs.optional(),
      }),
      z.object({
        ...base,
        type: z.literal("invocation"),
        functionName: str(256).min(1),
        durationMs,
        status: z.enum(invocationStatuses),
        coldStart: z.boolean().optional(),
        memoryUsedMb: z.number().finite().nonnegative().max(1_000_000).optional(),
        region: str(64).optional(),
        statusCode: z.number().int().min(100).max(599).optional(),
      }),
      z.object({
        ...base,
        type: z.literal("request"),
        method: str(16).min(1).transform((m) => m.toUpperCase()),
        route: str(512).min(1),
        statusCode: z.number().int().min(100, "Must be a status code (100–599)").max(599, "Must be a status code (100–599)"),
        durationMs,
        path: str(2048).optional(),
        region: str(64).optional(),
      }),
      z
        .object({
          ...base,
          type: z.literal("error"),
          name: str(256).optional(),
          message: str(16 * 1024).optional(),
          stack: str(64 * 1024).optional(),
          frames: z.array(frame).max(250, "At most 250 frames").optional(),
          level: z.enum(errorLevels).default("error"),
          fingerprint: z.array(str(256)).min(1).max(20).optional(),
          release: str(128).optional(),
          route: str(512).optional(),
          functionName: str(256).optional(),
          userId: str(256).optional(),
        })
        .refine((e) => Boolean(e.name || e.message), { message: "`name` or `message` is required", path: ["message"] }),
      z.object({
        ...base,
        type: z.literal("log"),
        level: z.enum(logLevels),
        message: str(16 * 1024),
      }),
      z.object({
        ...base,
        type: z.literal("vital"),
        name: z.enum(vitalNames),
        value: z.number().finite().nonnegative().max(MAX_DURATION_MS),
        route: str(512).min(1),
        rating: z.enum(["good", "needs-improvement", "poor"]).optional(),
      }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? 'Unknown `type`: expected "deployment", "invocation", "request", "error", "log" or "vital"' : undefined) },
  );

export type IngestEvent = z.output<typeof eventSchema>;
export type EventType = IngestEvent["type"];

/** The envelope: validated first, so a wrong shape is one 400, not 1000 rejections. */
export const batchEnvelope = z.object({
  events: z
    .array(z.unknown())
    .min(1, "Send at least one event")
    .max(MAX_EVENTS_PER_BATCH, `At most ${MAX_EVENTS_PER_BATCH} events per request`),
});
