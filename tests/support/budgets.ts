import { randomUUID } from "node:crypto";
import type { RequestBudgets } from "@/lib/http/request-limits";

/** The proxy's budgets at `limit` per minute, under fresh names so runs never share counters (in Redis, too). */
export function freshBudgets(limit: number): RequestBudgets {
  const run = randomUUID();
  return {
    ingest: { name: `ingest-${run}`, limit, windowMs: 60_000, failOpen: true },
    api: { name: `api-${run}`, limit, windowMs: 60_000, failOpen: true },
    authByIp: { name: `auth-${run}`, limit, windowMs: 60_000, failOpen: false, exact: true },
  };
}
