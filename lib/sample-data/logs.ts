import { LOG_LEVEL_WEIGHTS, LOG_LEVELS } from "./catalog";
import type { Random } from "./random";
import type { SampleEvent } from "./types";

type LogLevel = (typeof LOG_LEVELS)[number];
type LogLine = { message: string; attributes: Record<string, string | number | boolean> };

/**
 * Log lines of the sample shop, per level. Messages carry words worth searching for
 * ("checkout", "inventory", "payment", an order id) and attributes worth expanding.
 */
const TEMPLATES: Record<LogLevel, ((r: Random) => LogLine)[]> = {
  debug: [
    (r) => {
      const page = r.int(1, 40);
      return { message: `cache hit for products:list:page:${page}`, attributes: { cacheKey: `products:list:page:${page}`, ttlS: 60 } };
    },
    (r) => {
      const userId = `usr_${r.base62(10)}`;
      return { message: `session refreshed for ${userId}`, attributes: { userId } };
    },
  ],
  info: [
    (r) => {
      const orderId = `ord_${r.base62(10)}`;
      const cents = r.int(900, 42_000);
      return { message: `checkout completed for order ${orderId}: ${(cents / 100).toFixed(2)} EUR`, attributes: { orderId, amountCents: cents, currency: "EUR" } };
    },
    (r) => {
      const userId = `usr_${r.base62(10)}`;
      const method = r.weighted(["password", "github", "magic-link"], [5, 3, 2]);
      return { message: `user ${userId} signed in with ${method}`, attributes: { userId, method } };
    },
    (r) => {
      const items = r.int(20, 1400);
      const ms = r.int(300, 4000);
      return { message: `inventory sync finished: ${items} items updated in ${ms} ms`, attributes: { items, durationMs: ms, job: "sync-inventory" } };
    },
    (r) => {
      const ms = r.int(8, 120);
      return { message: `GET /api/products 200 in ${ms}ms`, attributes: { route: "/api/products", status: 200, durationMs: ms } };
    },
    (r) => {
      const reportId = `rep_${r.base62(10)}`;
      return { message: `report ${reportId} exported (${r.int(1, 60)} pages)`, attributes: { reportId, format: "pdf" } };
    },
    (r) => {
      const type = r.pick(["payment_intent.succeeded", "charge.refunded", "customer.updated"]);
      return { message: `stripe webhook ${type} processed`, attributes: { provider: "stripe", eventType: type, livemode: true } };
    },
  ],
  warn: [
    (r) => {
      const ms = r.int(800, 4500);
      return { message: `slow query on orders took ${ms} ms`, attributes: { table: "orders", durationMs: ms } };
    },
    (r) => {
      const attempt = r.int(1, 4);
      return { message: `retrying inventory sync after upstream 503 (attempt ${attempt}/3)`, attributes: { attempt, job: "sync-inventory", upstreamStatus: 503 } };
    },
    (r) => {
      const width = r.pick([2400, 3200, 4096]);
      return { message: `image ${width}px wide exceeds the recommended size; serving a resized copy`, attributes: { width, function: "api/images/resize" } };
    },
    (r) => {
      const pct = r.int(80, 99);
      return { message: `rate limit nearing for api key key_${r.base62(8)}: ${pct}% used`, attributes: { usedPercent: pct } };
    },
  ],
  error: [
    (r) => {
      const orderId = `ord_${r.base62(10)}`;
      const code = r.weighted(["card_declined", "insufficient_funds", "expired_card"], [5, 3, 1]);
      return { message: `payment declined for order ${orderId}: ${code}`, attributes: { orderId, provider: "stripe", code } };
    },
    () => ({ message: "inventory sync failed: upstream responded 503", attributes: { job: "sync-inventory", upstreamStatus: 503 } }),
    (r) => {
      const customer = `cus_${r.base62(10)}`;
      return { message: `failed to send order confirmation e-mail to ${customer}: SMTP timeout`, attributes: { customer, provider: "smtp" } };
    },
  ],
  fatal: [
    (r) => {
      const heap = r.pick([1024, 1536, 2048]);
      return { message: `worker out of memory: heap of ${heap} MB exceeded, restarting`, attributes: { heapMb: heap, function: "api/images/resize" } };
    },
  ],
};

export function logEvent(r: Random, base: Pick<SampleEvent, "id" | "timestamp" | "environment" | "deploymentId">): SampleEvent {
  const level = r.weighted(LOG_LEVELS, LOG_LEVEL_WEIGHTS);
  const line = r.pick(TEMPLATES[level])(r);
  return { type: "log", ...base, level, message: line.message, attributes: line.attributes };
}
