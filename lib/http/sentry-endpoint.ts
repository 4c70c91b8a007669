import { getDb } from "@/lib/db/client";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { decodeSentryEnvelope, decodeSentryStoreBody, type DecodedEnvelope } from "@/lib/ingest/formats/sentry";
import { acceptEvents } from "@/lib/ingest/pipeline";
import { projectForSentryKey } from "@/lib/api-keys/sentry-dsn";
import { readBodyBytes } from "./body";
import { sentryKeyCredential } from "./credentials";
import { problemResponse } from "./errors";

/**
 * The Sentry SDKs' doors (API.md, "Compatibility ingest"): `POST /api/{projectRef}/envelope/`
 * and the legacy `/store/`. Authenticated by the DSN's public key, which must be the
 * project ref's own; the project comes from the pair, never from the body. Browsers call
 * these cross-origin, so every answer — errors and 429s included — carries CORS headers,
 * or the SDK could not even read the status to back off.
 */
export const SENTRY_PATH = /^\/api\/(\d{1,10})\/(envelope|store)\/?$/;

export const SENTRY_CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "x-sentry-error, x-sentry-rate-limits, retry-after",
};

/**
 * Adds what Sentry clients read to any answer of these doors: CORS, and on a 429 the
 * `X-Sentry-Rate-Limits` header (`<seconds>::organization`: everything waits) that the SDKs
 * honour instead of Retry-After.
 */
export function withSentryHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(SENTRY_CORS_HEADERS)) response.headers.set(name, value);
  if (response.status === 429) response.headers.set("X-Sentry-Rate-Limits", `${response.headers.get("retry-after") ?? "60"}::organization`);
  return response;
}

function sentryDoor(decode: (body: Uint8Array) => DecodedEnvelope) {
  return async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      const ref = SENTRY_PATH.exec(new URL(request.url).pathname)?.[1];
      // `/api/{anything}/envelope` reaches the route too; only numeric refs name a project.
      if (ref === undefined) throw new NotFoundError("endpoint");
      const key = sentryKeyCredential(request);
      if (key === null) throw new UnauthorizedError("Send the DSN's public key: `X-Sentry-Auth: Sentry sentry_key=…` or `?sentry_key=`.");
      const db = await getDb();
      const projectId = await projectForSentryKey(db, ref, key);
      const { eventId, decoded } = decode(await readBodyBytes(request));
      // Sessions, client reports and attachments alone: accepted, nothing to store.
      if (decoded.events.length + decoded.rejected.length > 0) await acceptEvents(db, projectId, decoded);
      response = Response.json({ id: eventId });
    } catch (err) {
      response = problemResponse(err);
    }
    return withSentryHeaders(response);
  };
}

export const sentryEnvelopeEndpoint = sentryDoor(decodeSentryEnvelope);
export const sentryStoreEndpoint = sentryDoor(decodeSentryStoreBody);

/** The browser's CORS preflight: SDKs send `content-type`, and may send `x-sentry-auth`. */
export async function sentryPreflight(): Promise<Response> {
  return new Response(null, {
    status: 204,
    headers: {
      ...SENTRY_CORS_HEADERS,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "content-type, content-encoding, x-sentry-auth, sentry-trace, baggage",
      "Access-Control-Max-Age": "86400",
    },
  });
}
