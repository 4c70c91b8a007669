import { getDb, type Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { JOBS, type Job } from "./registry";
import { processSlot } from "@/lib/process-state";

/**
 * The self-hosted stand-in for Vercel cron: `npm start` runs the registry's jobs in-process.
 * Jobs are safe to run on several replicas at once (bounded, idempotent deletes; folds take
 * turns on an advisory lock), so no leader election is needed.
 */

/** No job runs during boot: the first run waits a minute (or the job's interval, if shorter). */
const FIRST_RUN_AFTER_MS = 60_000;

const scheduler = processSlot<() => void>("scheduler");

/**
 * Runs each job every `everyMs`, first after min(everyMs, a minute). A run's failure is
 * logged, never thrown: the job runs again at its next tick and the other jobs go on. A run
 * still going at its next tick is not started twice. The timers are unref'd, so they never
 * keep a process alive. Answers a function that stops them.
 */
export function scheduleJobs(jobs: readonly Job[], openDb: () => Promise<Db> = getDb): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        const summary = await job.run(await openDb(), { now: new Date() });
        if (job.isIdle?.(summary)) log.debug("job ran", { ...summary, job: job.name });
        else log.info("job ran", { ...summary, job: job.name });
      } catch (err) {
        log.error("job failed", { job: job.name, err });
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => {
      void tick();
      const every = setInterval(() => void tick(), job.everyMs);
      every.unref();
      timers.push(every);
    }, Math.min(job.everyMs, FIRST_RUN_AFTER_MS));
    first.unref();
    timers.push(first);
  }
  return () => timers.forEach((timer) => clearInterval(timer));
}

/** Starts the registry's jobs, once per process however often this module is evaluated (the slot is global). */
export function startScheduler(): void {
  if (scheduler.get()) return;
  scheduler.set(scheduleJobs(JOBS));
}
