import { env } from "@/lib/env";
import { MemoryRateLimiter } from "./memory";
import type { RateLimiter } from "./types";
import { UpstashRateLimiter } from "./upstash";

export * from "./types";
export * from "./policies";

// One limiter per process, shared by the proxy bundle and the app bundles.
const slot = Symbol.for("vigil.rate-limiter");
type G = typeof globalThis & { [slot]?: RateLimiter };

/** Upstash when UPSTASH_REDIS_REST_URL/TOKEN are set, in-memory otherwise. */
export function getRateLimiter(): RateLimiter {
  const g = globalThis as G;
  g[slot] ??=
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? new UpstashRateLimiter({
          url: env.UPSTASH_REDIS_REST_URL,
          token: env.UPSTASH_REDIS_REST_TOKEN,
          timeoutMs: env.RATE_LIMIT_TIMEOUT_MS,
        })
      : new MemoryRateLimiter();
  return g[slot];
}
