import type { LimitResult, LimitRule, RateLimiter } from "./types";

interface Window {
  start: number;
  windowMs: number;
  current: number;
  previous: number;
}

/**
 * Sliding window approximated from two fixed windows, the algorithm Upstash's
 * `slidingWindow` uses, so both stores count alike: the previous window's hits weigh in
 * proportion to how much of it still overlaps the sliding window.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly kind = "memory" as const;
  private readonly windows = new Map<string, Window>();
  private readonly logs = new Map<string, { windowMs: number; hits: number[] }>();
  private lastSweep = Date.now();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(rule: LimitRule, key: string): Promise<LimitResult> {
    return this.count(rule, key, true);
  }

  async peek(rule: LimitRule, key: string): Promise<LimitResult> {
    return this.count(rule, key, false);
  }

  private count(rule: LimitRule, key: string, spend: boolean): LimitResult {
    if (rule.exact) return this.countExactly(rule, key, spend);
    const now = this.now();
    this.sweep(now);
    const id = `${rule.name}:${key}`;
    const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    let w = this.windows.get(id);
    if (!w || w.start < windowStart - rule.windowMs) w = { start: windowStart, windowMs: rule.windowMs, current: 0, previous: 0 };
    else if (w.start < windowStart) w = { start: windowStart, windowMs: rule.windowMs, current: 0, previous: w.current };
    const overlap = 1 - (now - windowStart) / rule.windowMs;
    const used = Math.floor(w.previous * overlap) + w.current;
    const allowed = used < rule.limit;
    if (!spend) return { allowed, limit: rule.limit, remaining: Math.max(0, rule.limit - used), resetAt: windowStart + rule.windowMs };
    if (allowed) w.current += 1;
    this.windows.set(id, w);
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - used - (allowed ? 1 : 0)),
      resetAt: windowStart + rule.windowMs,
    };
  }

  /** Sliding log: the timestamps of the hits still inside the window. */
  private countExactly(rule: LimitRule, key: string, spend: boolean): LimitResult {
    const now = this.now();
    this.sweep(now);
    const id = `${rule.name}:${key}`;
    const log = this.logs.get(id) ?? { windowMs: rule.windowMs, hits: [] };
    log.hits = log.hits.filter((t) => t > now - rule.windowMs);
    const allowed = log.hits.length < rule.limit;
    if (allowed && spend) log.hits.push(now);
    this.logs.set(id, log);
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - log.hits.length),
      resetAt: (log.hits[0] ?? now) + rule.windowMs,
    };
  }

  /** Drops windows and logs that can no longer count, so memory stays bounded by active keys. */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, w] of this.windows) if (w.start < now - 2 * w.windowMs) this.windows.delete(id);
    for (const [id, log] of this.logs) if ((log.hits.at(-1) ?? 0) <= now - log.windowMs) this.logs.delete(id);
  }
}
