import { createHash } from "node:crypto";
import { readSessionUser } from "@/lib/auth/session";
import { RateLimitedError, UnavailableError } from "@/lib/errors";
import { checkLimit, policies, type LimitDecision, type LimitPolicy } from "@/lib/ratelimit/policies";
import type { RateLimiter } from "@/lib/ratelimit/types";
import { bearerCredential, budgetCredential, sentryKeyCredential, vigilKeyHeaderCredential } from "./credentials";
import { fastRouteFor } from "./fast-routes";
import { problemResponse } from "./errors";
import { plural } from "@/lib/format/plural";
import { clientIp } from "./request";

/** Paths that check a password or create an account (the sign-in budget, per IP). */
const AUTH_PATHS = [/^\/sign-in\/?$/, /^\/sign-up\/?$/, /^\/api\/auth\/callback\/credentials\/?$/];

/** The budgets the proxy applies; API.md's defaults unless a caller (a test) passes others. */
export type RequestBudgets = Pick<typeof policies, "ingest" | "api" | "authByIp">;

function digest(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 32);
}

/** Which budget a request draws on, and whose budget it is; null when unlimited. */
export async function classifyRequest(
  request: Request,
  budgets: RequestBudgets = policies,
): Promise<{ policy: LimitPolicy; key: string } | null> {
  const { pathname } = new URL(request.url);
  const { headers } = request;
  if (fastRouteFor(request.method, pathname)) {
    // Bearer (Vigil JSON, OTLP), sentry_key (Sentry SDKs), x-vigil-key (OTLP exporters' headers).
    const token = budgetCredential(request, [bearerCredential, sentryKeyCredential, vigilKeyHeaderCredential]);
    // Keys are hashed before they reach the store; keyless floods share their IP's budget.
    return { policy: budgets.ingest, key: token ? `key:${digest(token)}` : `ip:${clientIp(headers)}` };
  }
  if (pathname.startsWith("/api/v1/")) {
    const token = budgetCredential(request, [bearerCredential]);
    if (token) return { policy: budgets.api, key: `key:${digest(token)}` };
    const user = await readSessionUser(headers);
    return { policy: budgets.api, key: user ? `user:${user.userId}` : `ip:${clientIp(headers)}` };
  }
  if (request.method === "POST" && AUTH_PATHS.some((p) => p.test(pathname))) {
    return { policy: budgets.authByIp, key: `ip:${clientIp(headers)}` };
  }
  return null;
}

export type RequestLimitOutcome =
  | { limited: false; headers: Record<string, string> }
  | { limited: true; response: Response };

/** Applies the request's budget: headers to add, or the 429/503 problem to answer with. */
export async function limitRequest(
  request: Request,
  limiter: RateLimiter,
  budgets: RequestBudgets = policies,
): Promise<RequestLimitOutcome> {
  const target = await classifyRequest(request, budgets);
  if (!target) return { limited: false, headers: {} };
  const decision: LimitDecision = await checkLimit(limiter, target.policy, target.key);
  if (decision.outcome === "allowed") return { limited: false, headers: decision.headers };
  const error =
    decision.outcome === "limited"
      ? new RateLimitedError(decision.retryAfterSeconds, `Rate limit of ${plural(target.policy.limit, "request")} per minute exceeded; retry in ${decision.retryAfterSeconds} s.`)
      : new UnavailableError("Sign-in is temporarily unavailable; try again in a few seconds.", decision.retryAfterSeconds);
  const response = problemResponse(error, decision.headers);
  const decorate = fastRouteFor(request.method, new URL(request.url).pathname)?.decorate;
  return { limited: true, response: decorate ? decorate(response) : response };
}
