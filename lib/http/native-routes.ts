import type { IncomingMessage, ServerResponse } from "node:http";
import { processSlot } from "@/lib/process-state";
import { getRateLimiter, type RateLimiter } from "@/lib/ratelimit";
import { problemResponse } from "./errors";
import { fastRouteFor } from "./fast-routes";
import { limitRequest, type RequestBudgets } from "./request-limits";
import { securityHeaders } from "./security-headers";
import { toWebRequest, writeWebResponse } from "./node-bridge";

/**
 * Routes the Node server of `npm start` (scripts/serve.mjs) answers itself, before Next.
 * Next's own work per request — routing, the proxy's separate pass, tracing, its request
 * and response objects — costs about a millisecond of CPU, as much as validating and
 * writing 50 events: on the hot ingest path that halved throughput (docs/benchmarks.md).
 * These are the same Web handlers as the routes of the same paths, behind the same rate
 * limits as proxy.ts applies, so the contract does not depend on which server answered.
 * Which routes: lib/http/fast-routes.ts.
 */
export type NativeHandler = (req: IncomingMessage, res: ServerResponse, origin: string) => Promise<void>;

/**
 * The lookup of the Node server: the handler for a request it answers itself, or null to
 * pass the request to Next. The limiter and budgets are the proxy's unless a test passes others.
 */
export function createNativeRoutes(options: { limiter?: () => RateLimiter; budgets?: RequestBudgets } = {}) {
  const limiter = options.limiter ?? getRateLimiter;
  return (req: IncomingMessage): NativeHandler | null => {
    const route = fastRouteFor(req.method ?? "", (req.url ?? "").split("?")[0]);
    return route ? (req, res, origin) => serve(route.handler, limiter(), options.budgets, req, res, origin) : null;
  };
}

async function serve(
  handler: (request: Request) => Promise<Response>,
  limiter: RateLimiter,
  budgets: RequestBudgets | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const request = toWebRequest(req, origin);
  let response: Response;
  try {
    const outcome = await limitRequest(request, limiter, budgets);
    if (outcome.limited) response = outcome.response;
    else {
      response = await handler(request);
      for (const [name, value] of Object.entries(outcome.headers)) response.headers.set(name, value);
    }
  } catch (err) {
    response = problemResponse(err);
  }
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  await writeWebResponse(req, res, response);
}

/**
 * Where instrumentation.ts leaves the lookup for scripts/serve.mjs, which is plain
 * JavaScript outside Next's bundles and reads it as `globalThis[Symbol.for("vigil.native-routes")]`.
 */
export const nativeRoutesSlot = processSlot<ReturnType<typeof createNativeRoutes>>("native-routes");
