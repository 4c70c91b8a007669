/** One limit: at most `limit` hits per `windowMs` for each key. */
export interface LimitRule {
  /** Names the bucket family in the store (`ingest`, `api`, `auth-ip`, ...). */
  name: string;
  limit: number;
  windowMs: number;
  /**
   * Count every hit of the last `windowMs` exactly (a sliding log) instead of estimating
   * from two fixed windows. The estimate lets a burst at a window's edge count for less a
   * few seconds later; where the bound itself is the promise ("the 11th wrong password
   * within a minute is refused"), use exact. Costs one timestamp per hit, so small limits only.
   */
  exact?: boolean;
}

export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window frees up again. */
  resetAt: number;
}

/** Thrown when the shared store cannot answer in time; the caller applies its policy. */
export class LimiterUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("Rate limit store unavailable", { cause });
    this.name = "LimiterUnavailableError";
  }
}

/** The one interface both stores implement. */
export interface RateLimiter {
  readonly kind: "memory" | "upstash";
  /** Counts one hit for `key` under `rule`. Throws LimiterUnavailableError on store failure. */
  hit(rule: LimitRule, key: string): Promise<LimitResult>;
  /** What is left of `key`'s budget, spending none (`allowed` = a hit would pass). Same errors. */
  peek(rule: LimitRule, key: string): Promise<LimitResult>;
}
