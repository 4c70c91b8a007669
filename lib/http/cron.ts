import { timingSafeEqual, createHash } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { getSecrets } from "@/lib/secrets";
import { UnauthorizedError } from "@/lib/errors";
import { bearerCredential } from "./credentials";
import { problemResponse } from "./errors";

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The guard of `/api/cron/*`: `Authorization: Bearer $CRON_SECRET`, compared in constant time.
 * The secret is checked before the handler sees the path, so a caller without it learns
 * nothing, not even which jobs exist. Anything the handler throws becomes problem+json.
 */
export function withCron<P extends object = Record<string, never>>(
  handler: (ctx: { request: Request; db: Db; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const token = bearerCredential(request);
      if (token === null || !sameSecret(token, getSecrets().cronSecret)) {
        throw new UnauthorizedError("Cron routes need `Authorization: Bearer $CRON_SECRET`.");
      }
      return await handler({ request, db: await getDb(), params: await context.params });
    } catch (err) {
      return problemResponse(err);
    }
  };
}
