import type { Db } from "@/lib/db/client";
import { foldRollups } from "@/lib/ingest/ingest";
import { applyRetention } from "@/lib/ingest/retention";
import { applyAlertRetention } from "@/lib/alerts/retention";
import { evaluateDueRules, type TickSummary } from "@/lib/alerts/tick";
import { dispatchDue, type DispatchSummary } from "@/lib/notify/dispatch";
import { resealSecrets } from "@/lib/notify/reseal";

/** What a run answers: plain JSON, the body of `GET /api/cron/{job}` and the fields of its log line. */
export type JobSummary = Record<string, unknown>;

/**
 * One piece of scheduled work. The registry below is the only place a job is declared:
 * `GET /api/cron/{name}` runs it, vercel.json schedules that path with `schedule`
 * (tests/cron.test.ts keeps the two equal), and the in-process scheduler of a self-hosted
 * `npm start` runs it every `everyMs`. A run must be safe concurrently and repeatedly: a
 * Vercel invocation, a replica's scheduler and a retried call may overlap.
 */
export interface Job<S extends JobSummary = JobSummary> {
  /** The path segment: `/api/cron/{name}`. */
  readonly name: string;
  /** Cron expression (UTC) of vercel.json. */
  readonly schedule: string;
  /** Interval of the in-process scheduler. */
  readonly everyMs: number;
  run(db: Db, context: { now: Date }): Promise<S>;
  /** A run that did nothing: the scheduler logs it at debug, so a job every 30 s does not fill the log. */
  isIdle?(summary: S): boolean;
}

const SECOND = 1_000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * Folds the pending rollup deltas of every project into the tiers the dashboards read.
 * Ingest folds after every commit (FOLD_GAP_MS in lib/ingest/ingest.ts); this catches the
 * deltas a process left pending when it stopped before its fold. Every minute on Vercel
 * (the freshness the dashboards promise is 60 s), every 30 s in-process.
 */
const fold: Job<{ folded: number }> = {
  name: "fold",
  schedule: "* * * * *",
  everyMs: 30 * SECOND,
  async run(db) {
    return { folded: await foldRollups(db) };
  },
  isIdle: (summary) => summary.folded === 0,
};

/**
 * Deletes raw telemetry past each project's retention, and rollups past their horizons, in
 * bounded batches; a run that hits its batch budget says `complete: false` and the next run
 * continues. Daily, at 03:17 UTC: a quiet hour, and off the top of the hour when most
 * scheduled work starts.
 */
const retention: Job = {
  name: "retention",
  schedule: "17 3 * * *",
  everyMs: DAY,
  async run(db, { now }) {
    const started = Date.now();
    const summary = await applyRetention(db, { now });
    const alerting = await applyAlertRetention(db, { now });
    const secrets = await resealSecrets(db);
    return { ...summary, deleted: { ...summary.deleted, ...alerting }, secrets, durationMs: Date.now() - started };
  },
};

/**
 * Folds the pending rollup deltas first (so no rule reads a stale minute and sees "traffic
 * dropped"), then evaluates every due rule once for the last closed minute, recording
 * transitions, incidents and outbox rows in one transaction (lib/alerts/tick.ts). Every
 * minute, on Vercel and in-process; extra or concurrent runs find nothing due.
 */
const alerts: Job<TickSummary & { folded: number; dispatched: DispatchSummary | null }> = {
  name: "alerts",
  schedule: "* * * * *",
  everyMs: 15 * SECOND,
  async run(db, { now }) {
    const folded = await foldRollups(db);
    const tick = await evaluateDueRules(db, { now });
    // Notices go out right after the evaluation commits, not at the next dispatch run.
    const dispatched = tick.notifications > 0 ? await dispatchDue(db, { now }) : null;
    return { folded, ...tick, dispatched };
  },
  isIdle: (summary) => summary.rulesEvaluated === 0 && summary.folded === 0,
};

/**
 * Sends the outbox's due deliveries (webhooks, Slack, e-mail) and their retries
 * (lib/notify/dispatch.ts). Every 5 s in-process, so the first retry (~5 s) is on time;
 * every minute on Vercel, whose cron cannot run more often.
 */
const dispatch: Job<DispatchSummary> = {
  name: "dispatch",
  schedule: "* * * * *",
  everyMs: 5 * SECOND,
  async run(db, { now }) {
    return dispatchDue(db, { now });
  },
  isIdle: (summary) => summary.claimed === 0,
};

/**
 * Every scheduled job. Adding one is an entry here, plus its line in vercel.json, which is
 * static config Vercel reads at deploy (tests/cron.test.ts fails until the two agree).
 */
export const JOBS: readonly Job[] = [fold, alerts, dispatch, retention];

export function jobNamed(name: string): Job | undefined {
  return JOBS.find((job) => job.name === name);
}
