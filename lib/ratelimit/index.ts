import { env } from "@/lib/env";
import { MemoryRateLimiter } from "./memory";
import type { RateLimiter } from "./types";
import { UpstashRateLimiter } from "./upstash";
import { processSingleton } from "@/lib/process-state";

export * from "./types";
export * from "./policies";

// One limiter per process, shared by the proxy bundle and the app bundles.

/** Upstash when UPSTASH_REDIS_REST_URL/TOKEN are set, in-memory otherwise. */
export function getRateLimiter(): RateLimiter {
  return processSingleton("rate-limiter", () =>
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? new UpstashRateLimiter({
          url: env.UPSTASH_REDIS_REST_URL,
          token: env.UPSTASH_REDIS_REST_TOKEN,
          timeoutMs: env.RATE_LIMIT_TIMEOUT_MS,
        })
      : new MemoryRateLimiter(),
  );
}
