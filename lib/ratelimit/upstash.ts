import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { LimiterUnavailableError, type LimitResult, type LimitRule, type RateLimiter } from "./types";

/**
 * Limits shared by every replica, in Upstash Redis, with the library's sliding window.
 * An unreachable store must not cost seconds on each request: the client does not retry
 * and each check gives up after `timeoutMs`, then the caller's failure policy applies.
 */
export class UpstashRateLimiter implements RateLimiter {
  readonly kind = "upstash" as const;
  private readonly redis: Redis;
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(options: { url: string; token: string; timeoutMs: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
    this.redis = new Redis({
      url: options.url,
      token: options.token,
      retry: { retries: 0 },
      enableTelemetry: false,
      // Abort each HTTP call after `timeoutMs` too: the Ratelimit timeout below only stops
      // waiting, and would leave the request (and its socket) open for minutes on a store
      // that accepts connections but does not answer.
      signal: () => AbortSignal.timeout(options.timeoutMs),
    });
    this.timeoutMs = options.timeoutMs;
  }
  private readonly timeoutMs: number;
  private readonly now: () => number;

  private limiterFor(rule: LimitRule): Ratelimit {
    const id = `${rule.name}:${rule.limit}:${rule.windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowMs} ms`),
        prefix: `vigil:rl:${rule.name}`,
        // Without a timeout the library waits as long as the HTTP call takes.
        timeout: this.timeoutMs,
        analytics: false,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async hit(rule: LimitRule, key: string): Promise<LimitResult> {
    if (rule.exact) return this.countExactly(rule, key, true);
    let response: Awaited<ReturnType<Ratelimit["limit"]>>;
    try {
      response = await this.limiterFor(rule).limit(key);
    } catch (err) {
      throw new LimiterUnavailableError(err);
    }
    // On timeout the library answers "allowed"; whether to allow is the caller's policy.
    if (response.reason === "timeout") throw new LimiterUnavailableError("timeout");
    return {
      allowed: response.success,
      limit: response.limit,
      remaining: Math.max(0, response.remaining),
      resetAt: response.reset,
    };
  }

  async peek(rule: LimitRule, key: string): Promise<LimitResult> {
    if (rule.exact) return this.countExactly(rule, key, false);
    try {
      // Each HTTP call is aborted after timeoutMs by the client's signal, so this cannot hang.
      const { remaining, reset, limit } = await this.limiterFor(rule).getRemaining(key);
      return { allowed: remaining > 0, limit, remaining: Math.max(0, remaining), resetAt: reset };
    } catch (err) {
      throw new LimiterUnavailableError(err);
    }
  }

  /** Sliding log in a sorted set, atomically in one script (the HTTP call aborts after timeoutMs). */
  private async countExactly(rule: LimitRule, key: string, spend: boolean): Promise<LimitResult> {
    const now = this.now();
    try {
      const [allowed, count, resetAt] = (await this.redis.eval(
        SLIDING_LOG_SCRIPT,
        [`vigil:rl:${rule.name}:log:${key}`],
        [now, rule.windowMs, rule.limit, spend ? 1 : 0, `${now}-${Math.random().toString(36).slice(2)}`],
      )) as [number, number, number];
      return { allowed: allowed === 1, limit: rule.limit, remaining: Math.max(0, rule.limit - count), resetAt };
    } catch (err) {
      throw new LimiterUnavailableError(err);
    }
  }
}

/** Drops hits older than the window, counts the rest, records this one if it fits. */
const SLIDING_LOG_SCRIPT = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - window)
local count = redis.call("ZCARD", KEYS[1])
local allowed = 0
if count < limit then
  allowed = 1
  if ARGV[4] == "1" then
    redis.call("ZADD", KEYS[1], now, ARGV[5])
    redis.call("PEXPIRE", KEYS[1], window)
    count = count + 1
  end
end
local oldest = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
local reset = now + window
if oldest[2] then reset = tonumber(oldest[2]) + window end
return { allowed, count, reset }
`;
