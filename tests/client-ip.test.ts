import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "@/lib/ratelimit/memory";
import { freshBudgets } from "./support/budgets";
import { useTestDatabase } from "./support/db";
import { send, useNativeServer } from "./support/native-server";

/**
 * The front door of `npm start` decides the client's address before any per-IP budget is
 * charged. Keyless ingest requests share their IP's ingest budget, so a client that could
 * pick its own address by sending X-Forwarded-For would never run out.
 */
useTestDatabase();

const budgets = freshBudgets;

const spoofed = () => `198.51.100.${randomInt(1, 254)}, 203.0.113.${randomInt(1, 254)}`;

async function keylessIngest(origin: string, forwardedFor: string): Promise<number> {
  const res = await send(`${origin}/api/v1/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor, "x-real-ip": forwardedFor.split(",")[0] },
    body: JSON.stringify({ events: [{ type: "log", level: "info", message: "hi" }] }),
  });
  return res.status;
}

describe("with no proxy in front (TRUSTED_PROXY_HOPS=0, the default)", () => {
  const limiter = new MemoryRateLimiter();
  const server = useNativeServer({ limiter: () => limiter, budgets: budgets(5) });
  it("ignores X-Forwarded-For and X-Real-IP: every spoofed address draws on the socket's budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await keylessIngest(server(), spoofed()));
    // 401: let through to the key check; 429: the one budget of 127.0.0.1 ran out.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});

describe("behind one trusted proxy (TRUSTED_PROXY_HOPS=1)", () => {
  const limiter = new MemoryRateLimiter();
  const server = useNativeServer({ limiter: () => limiter, budgets: budgets(2), trustedProxyHops: 1 });
  it("takes the address the proxy appended, not what the client wrote before it", async () => {
    // The proxy appends the client's address last; the entry before is the client's invention.
    const fromClient = (address: string) => keylessIngest(server(), `${randomUUID()}, ${address}`);
    expect([await fromClient("192.0.2.1"), await fromClient("192.0.2.1"), await fromClient("192.0.2.1")]).toEqual([401, 401, 429]);
    expect(await fromClient("192.0.2.2")).toBe(401);
  });
});
