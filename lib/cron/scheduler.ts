import { getDb } from "@/lib/db/client";
import { foldRollups } from "@/lib/ingest/ingest";
import { applyRetention } from "@/lib/ingest/retention";
import { log } from "@/lib/log";

/**
 * The self-hosted stand-in for Vercel cron: `npm start` runs the same jobs in-process.
 * Jobs are safe to run on several replicas at once (bounded, idempotent deletes), so no
 * leader election is needed.
 */
const DAY = 24 * 60 * 60 * 1000;
const slot = Symbol.for("vigil.scheduler");
type G = typeof globalThis & { [slot]?: NodeJS.Timeout[] };

async function runRetention() {
  try {
    const summary = await applyRetention(await getDb());
    log.info("retention run", { ...summary });
  } catch (err) {
    log.error("retention run failed", { err });
  }
}

/** Ingest folds after every commit; this catches deltas a crashed process left pending. */
const FOLD_EVERY = 30_000;

async function runFold() {
  try {
    const folded = await foldRollups(await getDb());
    if (folded > 0) log.info("rollup fold", { folded });
  } catch (err) {
    log.error("rollup fold failed", { err });
  }
}

export function startScheduler(): void {
  const g = globalThis as G;
  if (g[slot]) return;
  // First run a minute after start (not during boot), then daily.
  const first = setTimeout(() => void runRetention(), 60_000);
  const daily = setInterval(() => void runRetention(), DAY);
  const fold = setInterval(() => void runFold(), FOLD_EVERY);
  first.unref();
  daily.unref();
  fold.unref();
  g[slot] = [first, daily, fold];
}
