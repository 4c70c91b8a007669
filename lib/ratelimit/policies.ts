import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { LimiterUnavailableError, type LimitRule, type RateLimiter } from "./types";

/** A rule and what to do when the store cannot answer. */
export interface LimitPolicy extends LimitRule {
  /** true: let the request through (ingest must not drop data); false: refuse (sign-in). */
  failOpen: boolean;
}

const MINUTE = 60_000;

/** API.md's defaults, each overridable by environment. */
export const policies: Record<"ingest" | "api" | "authByIp" | "authByEmail", LimitPolicy> = {
  ingest: { name: "ingest", limit: env.RATE_LIMIT_INGEST_PER_MINUTE, windowMs: MINUTE, failOpen: true },
  api: { name: "api", limit: env.RATE_LIMIT_API_PER_MINUTE, windowMs: MINUTE, failOpen: true },
  authByIp: { name: "auth-ip", limit: env.RATE_LIMIT_AUTH_PER_MINUTE, windowMs: MINUTE, failOpen: false, exact: true },
  authByEmail: { name: "auth-email", limit: env.RATE_LIMIT_AUTH_PER_MINUTE, windowMs: MINUTE, failOpen: false, exact: true },
};

export type LimitDecision =
  | { outcome: "allowed"; headers: Record<string, string> }
  | { outcome: "limited"; headers: Record<string, string>; retryAfterSeconds: number }
  | { outcome: "unavailable"; headers: Record<string, string>; retryAfterSeconds: number };

/**
 * Counts one hit (or, with "peek", only looks) and turns the result into a decision with
 * the IETF RateLimit headers.
 * When the store fails, the policy decides: fail open (logged, only RateLimit-Limit is
 * sent since the remainder is unknown) or fail closed ("unavailable").
 */
export async function checkLimit(
  limiter: RateLimiter,
  policy: LimitPolicy,
  key: string,
  mode: "hit" | "peek" = "hit",
): Promise<LimitDecision> {
  try {
    const result = mode === "hit" ? await limiter.hit(policy, key) : await limiter.peek(policy, key);
    const resetSeconds = Math.max(0, Math.ceil((result.resetAt - Date.now()) / 1000));
    const headers = {
      "RateLimit-Limit": String(result.limit),
      "RateLimit-Remaining": String(result.remaining),
      "RateLimit-Reset": String(resetSeconds),
    };
    if (result.allowed) return { outcome: "allowed", headers };
    const retryAfterSeconds = Math.max(1, resetSeconds);
    return { outcome: "limited", headers: { ...headers, "Retry-After": String(retryAfterSeconds) }, retryAfterSeconds };
  } catch (err) {
    if (!(err instanceof LimiterUnavailableError)) throw err;
    log.warn("rate limit store unavailable", { policy: policy.name, failOpen: policy.failOpen, err: err.cause ?? err });
    const headers = { "RateLimit-Limit": String(policy.limit) };
    if (policy.failOpen) return { outcome: "allowed", headers };
    return { outcome: "unavailable", headers: { ...headers, "Retry-After": "5" }, retryAfterSeconds: 5 };
  }
}
