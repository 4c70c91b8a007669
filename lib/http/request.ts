import { z } from "zod";
import { env } from "@/lib/env";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/text";
import { readJsonBodyCapped } from "./body";
import { ValidationError, zodToFieldErrors } from "@/lib/errors";

/** Management endpoints take small bodies: 64 KiB, streamed and capped like ingest's. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBodyCapped(request, { maxBytes: MAX_JSON_BODY_BYTES }));
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error, "body"));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  // proxy.ts refuses these already; a route must not depend on being behind it.
  const unstorable = Object.entries(params).filter(([, value]) => !isStorableText(value));
  if (unstorable.length) throw new ValidationError(unstorable.map(([name]) => ({ pointer: `query.${name}`, message: UNSTORABLE_TEXT_MESSAGE })));
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error, "query"));
  return parsed.data;
}

/**
 * The client's address for per-IP limits. Behind `npm start`, the front door
 * (scripts/front-door.mjs) has already replaced X-Forwarded-For with the one address it
 * trusts (the socket's peer, or what TRUSTED_PROXY_HOPS proxies reported). On Vercel the
 * platform overwrites X-Real-IP and X-Forwarded-For with the client's address, so a
 * client-sent value never arrives. Under `next dev` nothing rewrites the header: fine for
 * development only.
 */
export function clientIp(headers: Headers): string {
  if (env.VERCEL) return headers.get("x-real-ip") || headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}
