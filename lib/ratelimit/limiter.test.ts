import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { checkLimit, type LimitPolicy } from "@/lib/ratelimit/policies";
import { MemoryRateLimiter } from "@/lib/ratelimit/memory";
import { LimiterUnavailableError, type LimitRule, type RateLimiter } from "@/lib/ratelimit/types";
import { UpstashRateLimiter } from "@/lib/ratelimit/upstash";
import { useUpstashRestServer } from "@/tests/support/redis";

const WINDOW = 60_000;

/** A fresh rule name per test, so runs (and the two stores) never share a bucket. */
const rule = (limit = 3): LimitRule => ({ name: `test-${randomUUID()}`, limit, windowMs: WINDOW });
const policy = (failOpen: boolean, limit = 3): LimitPolicy => ({ ...rule(limit), failOpen });

/**
 * Both stores approximate a sliding window from fixed windows aligned to the epoch, so
 * hits straddling a window boundary would see the previous window's weight drop. Tests
 * take milliseconds; if fewer than 2 s of the current window remain, wait for the next.
 */
async function awayFromWindowEdge() {
  const left = WINDOW - (Date.now() % WINDOW);
  if (left < 2_000) await new Promise((r) => setTimeout(r, left + 50));
}

// The Upstash store runs on a real Redis; without one (and not under CI) its tests are
// skipped, and the global setup says so once. The memory store's tests run regardless.
const redis = inject("testRedis");
type Rest = () => { url: string; token: string };
const noRest: Rest = () => {
  throw new Error("this store needs no Redis");
};

const stores: { kind: string; needsRedis: boolean; make: (rest: Rest) => RateLimiter }[] = [
  { kind: "memory", needsRedis: false, make: () => new MemoryRateLimiter() },
  // Generous timeout: here a timeout would be a test failure, not the behaviour under test.
  { kind: "upstash", needsRedis: true, make: (rest) => new UpstashRateLimiter({ url: rest().url, token: rest().token, timeoutMs: 5_000 }) },
];

for (const { kind, needsRedis, make: makeOn } of stores) describe.skipIf(needsRedis && !redis.run)(`${kind} limiter`, () => {
  const rest = needsRedis ? useUpstashRestServer() : noRest;
  const make = () => makeOn(rest);
  it("allows `limit` hits with a falling remainder, then refuses", async () => {
    await awayFromWindowEdge();
    const limiter = make();
    const r = rule(3);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit(r, "A"));

    expect(results.slice(0, 3).map((x) => [x.allowed, x.remaining, x.limit])).toEqual([
      [true, 2, 3],
      [true, 1, 3],
      [true, 0, 3],
    ]);
    const refused = results[3];
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.limit).toBe(3);
    const now = Date.now();
    expect(refused.resetAt).toBeGreaterThan(now);
    expect(refused.resetAt).toBeLessThanOrEqual(now + WINDOW);
  });

  it("peek reports the remainder without spending it", async () => {
    await awayFromWindowEdge();
    const limiter = make();
    const r = rule(3);
    expect(await limiter.peek(r, "A")).toMatchObject({ allowed: true, remaining: 3, limit: 3 });
    await limiter.hit(r, "A");
    await limiter.hit(r, "A");
    expect(await limiter.peek(r, "A")).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.peek(r, "A")).toMatchObject({ allowed: true, remaining: 1 });
    await limiter.hit(r, "A");
    expect(await limiter.peek(r, "A")).toMatchObject({ allowed: false, remaining: 0 });
  });

  it("counts each key separately", async () => {
    await awayFromWindowEdge();
    const limiter = make();
    const r = rule(3);
    for (let i = 0; i < 3; i++) await limiter.hit(r, "A");
    expect((await limiter.hit(r, "A")).allowed).toBe(false);

    const b = await limiter.hit(r, "B");
    expect(b).toMatchObject({ allowed: true, remaining: 2, limit: 3 });
    expect((await limiter.hit(r, "A")).allowed).toBe(false);
  });

  it("checkLimit turns a refusal into 'limited' with RateLimit headers and Retry-After", async () => {
    await awayFromWindowEdge();
    const limiter = make();
    const p = policy(true, 3);
    for (let i = 0; i < 3; i++) expect((await checkLimit(limiter, p, "A")).outcome).toBe("allowed");

    const decision = await checkLimit(limiter, p, "A");
    expect(decision.outcome).toBe("limited");
    expect(decision.headers["RateLimit-Limit"]).toBe("3");
    expect(decision.headers["RateLimit-Remaining"]).toBe("0");
    const reset = Number(decision.headers["RateLimit-Reset"]);
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
    expect(Number(decision.headers["Retry-After"])).toBeGreaterThanOrEqual(1);
    if (decision.outcome === "limited") expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

describe("upstash limiter when the store fails", () => {
  it("throws LimiterUnavailableError when the store refuses connections", async () => {
    // Port 9 (discard) is closed on this host: the connection is refused at once.
    const limiter = new UpstashRateLimiter({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 });
    await expect(limiter.hit(rule(), "A")).rejects.toBeInstanceOf(LimiterUnavailableError);

    const open = await checkLimit(limiter, policy(true), "A");
    expect(open).toEqual({ outcome: "allowed", headers: { "RateLimit-Limit": "3" } });

    const closed = await checkLimit(limiter, policy(false), "A");
    expect(closed.outcome).toBe("unavailable");
    expect(closed.headers["RateLimit-Limit"]).toBe("3");
    expect(Number(closed.headers["Retry-After"])).toBeGreaterThanOrEqual(1);
  });

  describe("when the store accepts but never answers", () => {
    let hanging: http.Server;
    let url: string;
    let inFlight = 0;
    beforeAll(async () => {
      hanging = http.createServer((_req, res) => {
        // Never responds; counts requests the client has not given up on yet.
        inFlight++;
        res.on("close", () => inFlight--);
      });
      await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    });

    it("gives up after timeoutMs instead of hanging (the test timeout catches a hang)", { timeout: 10_000 }, async () => {
      const limiter = new UpstashRateLimiter({ url, token: "t", timeoutMs: 300 });
      await expect(limiter.hit(rule(), "A")).rejects.toBeInstanceOf(LimiterUnavailableError);

      const closed = await checkLimit(limiter, policy(false), "A");
      expect(closed.outcome).toBe("unavailable");
      expect(Number(closed.headers["Retry-After"])).toBeGreaterThanOrEqual(1);

      const open = await checkLimit(limiter, policy(true), "A");
      expect(open.outcome).toBe("allowed");

      // Giving up also aborts the HTTP calls, rather than leaving them (and their sockets)
      // open on the stalled store.
      await vi.waitFor(() => expect(inFlight).toBe(0), { timeout: 5_000 });
    });
  });
});

for (const { kind, needsRedis, make: makeOn } of [
  { kind: "memory", needsRedis: false, make: (_rest: Rest, now: () => number): RateLimiter => new MemoryRateLimiter(now) },
  { kind: "upstash", needsRedis: true, make: (rest: Rest, now: () => number): RateLimiter => new UpstashRateLimiter({ url: rest().url, token: rest().token, timeoutMs: 5_000, now }) },
]) describe.skipIf(needsRedis && !redis.run)(`${kind} limiter, exact rule (sliding log)`, () => {
  const rest = needsRedis ? useUpstashRestServer() : noRest;
  const make = (now: () => number) => makeOn(rest, now);
  it("refuses the 11th hit within a window even when the hits straddle a window boundary", async () => {
    const start = 1_700_000_040_000; // a window boundary (multiple of 60 s)
    let now = start + 55_000;
    const limiter = make(() => now);
    const r: LimitRule = { ...rule(10), exact: true };
    for (let i = 0; i < 5; i++) expect((await limiter.hit(r, "A")).allowed).toBe(true);
    now = start + 65_000; // the next fixed window
    for (let i = 0; i < 5; i++) expect((await limiter.hit(r, "A")).allowed).toBe(true);
    now = start + 110_000; // still within a minute of the first five
    const eleventh = await limiter.hit(r, "A");
    expect(eleventh).toMatchObject({ allowed: false, remaining: 0, resetAt: start + 55_000 + WINDOW });
    expect((await limiter.peek(r, "A")).allowed).toBe(false);
    expect((await limiter.hit(r, "B")).allowed).toBe(true); // other keys unaffected

    // A minute after the first five, their slots are free again — and only theirs.
    now = start + 55_000 + WINDOW;
    expect(await limiter.peek(r, "A")).toMatchObject({ allowed: true, remaining: 5 });
    for (let i = 0; i < 5; i++) expect((await limiter.hit(r, "A")).allowed).toBe(true);
    expect((await limiter.hit(r, "A")).allowed).toBe(false);
  });
});

describe("memory limiter sliding window", () => {
  it("weighs the previous window by its overlap, and forgets it after two windows", async () => {
    const start = 1_700_000_040_000; // a window boundary (multiple of 60 s)
    let fakeNow = start + 1_000;
    const limiter = new MemoryRateLimiter(() => fakeNow);
    const r = rule(10);
    const allowedHits = async (n: number) => {
      let allowed = 0;
      for (let i = 0; i < n; i++) if ((await limiter.hit(r, "A")).allowed) allowed++;
      return allowed;
    };

    // Exhaust the first window.
    expect(await allowedHits(10)).toBe(10);
    const refused = await limiter.hit(r, "A");
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetAt: start + WINDOW });

    // Halfway through the next window half of the 10 previous hits still count.
    fakeNow = start + WINDOW + WINDOW / 2;
    const first = await limiter.hit(r, "A");
    expect(first).toMatchObject({ allowed: true, remaining: 4, resetAt: start + 2 * WINDOW });
    expect(await allowedHits(10)).toBe(4);

    // Two full windows later nothing counts any more.
    fakeNow += 2 * WINDOW;
    const fresh = await limiter.hit(r, "A");
    expect(fresh).toMatchObject({ allowed: true, remaining: 9 });
    expect(await allowedHits(20)).toBe(9);
  });
});
