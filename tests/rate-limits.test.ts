import { describe, expect, inject, it } from "vitest";
import { MemoryRateLimiter } from "@/lib/ratelimit/memory";
import { limitRequest } from "@/lib/http/request-limits";
import type { RateLimiter } from "@/lib/ratelimit/types";
import { UpstashRateLimiter } from "@/lib/ratelimit/upstash";
import { generateApiKey } from "@/lib/api-keys/key-format";
import { freshBudgets } from "./support/budgets";
import { useUpstashRestServer } from "./support/redis";

/**
 * API.md's rate limits as the proxy applies them, on both stores: the in-memory window
 * and the real @upstash/ratelimit scripts on a real Redis (through an Upstash REST shim).
 * Without a Redis (and not under CI) the Upstash store's tests are skipped, and the global
 * setup says so once; the in-memory store's run regardless.
 */
const redis = inject("testRedis");
type Rest = () => { url: string; token: string };

const budgets = freshBudgets;

function ingest(key: string): Request {
  return new Request("http://localhost/api/v1/ingest", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: "{}",
  });
}

function signIn(ip: string): Request {
  return new Request("http://localhost/sign-in", { method: "POST", headers: { "x-forwarded-for": ip } });
}

const stores: [string, boolean, (rest: Rest) => RateLimiter][] = [
  ["in-memory", false, () => new MemoryRateLimiter()],
  ["Upstash (REST shim over Redis)", true, (rest) => new UpstashRateLimiter({ url: rest().url, token: rest().token, timeoutMs: 2000 })],
];

for (const [name, needsRedis, makeOn] of stores) describe.skipIf(needsRedis && !redis.run)(`rate limits on the ${name} store`, () => {
  const rest: Rest = needsRedis ? useUpstashRestServer() : () => ({ url: "", token: "" }); // the in-memory store uses none
  const makeLimiter = () => makeOn(rest);
  it("past the ingest limit answers 429 with Retry-After and RateLimit headers, while another key is unaffected", async () => {
    const limiter = makeLimiter();
    const limits = budgets(5);
    const keyA = generateApiKey();
    const keyB = generateApiKey();
    for (let i = 0; i < 5; i++) {
      const outcome = await limitRequest(ingest(keyA), limiter, limits);
      expect(outcome.limited).toBe(false);
      if (!outcome.limited) {
        expect(outcome.headers["RateLimit-Limit"]).toBe("5");
        expect(outcome.headers["RateLimit-Remaining"]).toBe(String(4 - i));
      }
    }
    const refused = await limitRequest(ingest(keyA), limiter, limits);
    expect(refused.limited).toBe(true);
    if (!refused.limited) return;
    const res = refused.response;
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("ratelimit-limit")).toBe("5");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ status: 429, title: "Too many requests" });

    // Another tenant's key still has its whole budget.
    const other = await limitRequest(ingest(keyB), limiter, limits);
    expect(other).toMatchObject({ limited: false, headers: { "RateLimit-Remaining": "4" } });
  });

  it("limits sign-in attempts per client IP", async () => {
    const limiter = makeLimiter();
    const limits = budgets(3);
    for (let i = 0; i < 3; i++) expect((await limitRequest(signIn("192.0.2.1"), limiter, limits)).limited).toBe(false);
    const refused = await limitRequest(signIn("192.0.2.1"), limiter, limits);
    expect(refused.limited && refused.response.status).toBe(429);
    expect((await limitRequest(signIn("192.0.2.2"), limiter, limits)).limited).toBe(false);
  });

  it("leaves pages and reads of other paths alone", async () => {
    const outcome = await limitRequest(new Request("http://localhost/acme/web"), makeLimiter(), budgets(1));
    expect(outcome).toEqual({ limited: false, headers: {} });
  });
});

describe("when the shared store is unreachable", () => {
  const down = () => new UpstashRateLimiter({ url: "http://127.0.0.1:9", token: "x", timeoutMs: 300 });

  it("ingest fails open: the request goes through", async () => {
    const outcome = await limitRequest(ingest(generateApiKey()), down(), budgets(1));
    expect(outcome).toMatchObject({ limited: false, headers: { "RateLimit-Limit": "1" } });
  });

  it("sign-in fails closed: 503 with Retry-After", async () => {
    const outcome = await limitRequest(signIn("192.0.2.9"), down(), budgets(10));
    expect(outcome.limited).toBe(true);
    if (!outcome.limited) return;
    expect(outcome.response.status).toBe(503);
    expect(outcome.response.headers.get("retry-after")).toBe("5");
  });
});
