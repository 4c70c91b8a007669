import { z } from "zod";
import { readJsonBodyCapped } from "./body";
import { ValidationError, zodToFieldErrors } from "./errors";

/** Management endpoints take small bodies: 64 KiB, streamed and capped like ingest's. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBodyCapped(request, { maxBytes: MAX_JSON_BODY_BYTES }));
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error, "body"));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error, "query"));
  return parsed.data;
}

/**
 * The client's address for per-IP limits: the last X-Forwarded-For entry, i.e. the one
 * added by the nearest proxy (Next sets it from the socket when no proxy is in front).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip") || "unknown";
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}
