import { z } from "zod";
import { PayloadTooLargeError, ValidationError, zodToFieldErrors } from "./errors";

/** Reads a JSON body of at most `maxBytes`, refusing early on a larger Content-Length. */
export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (text.trim() === "") throw new ValidationError([{ pointer: "", message: "Expected a JSON body" }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ pointer: "", message: "Body is not valid JSON" }], "The body is not valid JSON.");
  }
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(request));
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
