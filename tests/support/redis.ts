import Redis from "ioredis";
import { afterAll, beforeAll, inject } from "vitest";
import { startUpstashRestServer } from "./upstash-rest-server";

/** The Redis the Upstash-on-Redis tests use; override with TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

/** Whether a Redis answers PING at `url`: one connection attempt, no retries. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on("error", () => {}); // the failed attempt is the answer, not an unhandled event
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * Decided once per run (tests/setup/global-setup.ts): run the Upstash-on-Redis tests when
 * Redis answers, or under CI=true whatever it does (there a missing Redis fails the run);
 * otherwise skip them and say why, once.
 */
export async function redisForTests(): Promise<{ url: string; run: boolean }> {
  const url = TEST_REDIS_URL;
  if (await redisAnswers(url)) return { url, run: true };
  if (process.env.CI === "true") {
    process.stderr.write(`Redis is unreachable at ${url}: under CI=true the Upstash-on-Redis tests run and fail.\n`);
    return { url, run: true };
  }
  process.stderr.write(`Skipping the Upstash-on-Redis rate-limit tests: they need Redis on ${url} (set TEST_REDIS_URL to use another).\n`);
  return { url, run: false };
}

/**
 * The Upstash REST shim over the test Redis, for the tests of the describe block that calls
 * this (started before them, closed after): where Redis is missing under CI those tests
 * fail, while the file's other tests still run.
 */
export function useUpstashRestServer(): () => { url: string; token: string } {
  let server: Awaited<ReturnType<typeof startUpstashRestServer>> | undefined;
  beforeAll(async () => {
    server = await startUpstashRestServer({ redisUrl: inject("testRedis").url });
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("useUpstashRestServer(): not started (call it inside the describe block)");
    return server;
  };
}
