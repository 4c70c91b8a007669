import { COMMIT_MESSAGES, FEATURE_BRANCHES } from "./catalog";
import { createRandom, mixSeed } from "./random";
import type { SampleEvent } from "./types";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface PlannedDeployment {
  id: string;
  environment: "production" | "preview";
  branch: string;
  commitSha: string;
  commitMessage: string;
  framework: string;
  url: string;
  status: "succeeded" | "failed" | "canceled";
  startedAt: number;
  buildingAt: number;
  finishedAt: number;
  /** A bad release: while it is live, checkout fails far more often (and a hotfix follows). */
  faulty: boolean;
}

/** A Vercel-style unique deployment URL. */
function deploymentUrl(id: string, environment: string): string {
  return environment === "production" ? `https://shop-${id.slice(4, 13).toLowerCase()}-acme.vercel.app` : `https://shop-git-${id.slice(4, 10).toLowerCase()}-acme.vercel.app`;
}

/**
 * The deployments of the window, oldest first: a baseline production deployment at the
 * start (so traffic links to a deployment from the first minutes), then 2–3 per weekday
 * and at most one per weekend day during working hours (≈ 13 a week). Per week of the
 * window: one canceled, at least one failed, and one faulty production release followed
 * by its hotfix 1–2 hours later. Deployments whose final event would fall after `end`
 * stay unfinished, as an in-progress build does.
 */
export function planDeployments(seed: number, start: number, end: number): PlannedDeployment[] {
  const rng = createRandom(mixSeed(seed, 0x0de9_1075));
  const make = (startedAt: number, environment: PlannedDeployment["environment"], branch: string, commitMessage: string): PlannedDeployment => {
    const id = `dpl_${rng.base62(16)}`;
    const buildingAt = startedAt + rng.int(4, 15) * SECOND;
    return {
      id,
      environment,
      branch,
      commitSha: rng.hex(40),
      commitMessage,
      framework: branch.startsWith("ui/") ? "storybook" : "nextjs",
      url: deploymentUrl(id, environment),
      status: "succeeded",
      startedAt,
      buildingAt,
      finishedAt: buildingAt + Math.round(rng.logNormal(95 * SECOND, 0.3)),
      faulty: false,
    };
  };

  const plan: PlannedDeployment[] = [make(start + 2 * MINUTE, "production", "main", "chore: release v2.14.0")];
  for (let day = Math.floor(start / DAY); day * DAY < end; day++) {
    const weekday = new Date(day * DAY).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const count = weekend ? (rng.chance(0.4) ? 1 : 0) : rng.int(2, 4);
    for (let i = 0; i < count; i++) {
      const at = day * DAY + 8 * HOUR + rng.int(0, 11 * 60) * MINUTE + rng.int(0, 60) * SECOND;
      const production = rng.chance(0.55);
      const branch = production ? "main" : rng.pick([...FEATURE_BRANCHES, "ui/design-tokens"]);
      const d = make(at, production ? "production" : "preview", branch, rng.pick(COMMIT_MESSAGES));
      if (at > start + 10 * MINUTE && at < end) plan.push(d);
    }
  }
  plan.sort((a, b) => a.startedAt - b.startedAt);

  // Outcomes, per week of the window so that every week tells the same kinds of story.
  const hotfixes: PlannedDeployment[] = [];
  for (let week = 0; start + week * WEEK < end; week++) {
    const inWeek = plan.filter((d, i) => i > 0 && d.startedAt >= start + week * WEEK && d.startedAt < start + (week + 1) * WEEK);
    for (const d of inWeek) {
      if (rng.chance(d.environment === "preview" ? 0.18 : 0.08)) setOutcome(d, "failed", rng.logNormal(40 * SECOND, 0.5));
    }
    const candidates = inWeek.filter((d) => d.status === "succeeded");
    if (candidates.length >= 2 && !inWeek.some((d) => d.status === "failed")) {
      // A quiet week still shows a red build: a preview one when there is one.
      const target = candidates.find((d) => d.environment === "preview") ?? candidates[candidates.length - 1];
      setOutcome(target, "failed", rng.logNormal(40 * SECOND, 0.5));
    }
    const succeeded = inWeek.filter((d) => d.status === "succeeded");
    if (succeeded.length >= 2) setOutcome(succeeded[rng.int(0, succeeded.length)], "canceled", rng.int(20, 60) * SECOND);
    const production = inWeek.filter((d) => d.status === "succeeded" && d.environment === "production");
    const faulty = production[Math.floor(production.length / 2)];
    if (faulty) {
      faulty.faulty = true;
      const fix = make(faulty.finishedAt + rng.int(60, 120) * MINUTE, "production", "main", "fix: guard missing price in cart totals");
      if (fix.startedAt < end) hotfixes.push(fix);
    }
  }
  return [...plan, ...hotfixes].sort((a, b) => a.startedAt - b.startedAt);
}

function setOutcome(d: PlannedDeployment, status: "failed" | "canceled", afterBuildingMs: number): void {
  d.status = status;
  d.finishedAt = d.buildingAt + Math.round(afterBuildingMs);
}

/**
 * Each deployment as the events a CI integration sends: started → building → final, the
 * final one with its build and total durations; a failed or canceled build also logs why.
 * Only events before `end` exist yet. Sorted by time.
 */
export function deploymentEvents(seed: number, plan: PlannedDeployment[], end: number): SampleEvent[] {
  const events: SampleEvent[] = [];
  plan.forEach((d, i) => {
    const id = (suffix: string) => `smp${seed}-dpl${i}-${suffix}`;
    const base = { environment: d.environment, deploymentId: d.id };
    const described = { commitSha: d.commitSha, branch: d.branch, commitMessage: d.commitMessage, framework: d.framework };
    events.push({ type: "deployment", id: id("started"), timestamp: d.startedAt, ...base, status: "started", ...described, url: d.url });
    events.push({ type: "deployment", id: id("building"), timestamp: d.buildingAt, ...base, status: "building" });
    events.push({
      type: "deployment",
      id: id(d.status),
      timestamp: d.finishedAt,
      ...base,
      status: d.status,
      buildDurationMs: d.finishedAt - d.buildingAt,
      durationMs: d.finishedAt - d.startedAt,
    });
    if (d.status === "failed") {
      events.push({
        type: "log",
        id: id("log"),
        timestamp: d.finishedAt - 1,
        ...base,
        level: "error",
        message: `Build failed: Type error in app/checkout/page.tsx: Property 'giftCard' does not exist on type 'Cart'`,
        attributes: { branch: d.branch, step: "next build" },
      });
    } else if (d.status === "canceled") {
      events.push({ type: "log", id: id("log"), timestamp: d.finishedAt - 1, ...base, level: "warn", message: "Deployment canceled: superseded by a newer push", attributes: { branch: d.branch } });
    }
  });
  return events.filter((e) => (e.timestamp as number) < end).sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
}

/** The deployment serving an environment at a time: the latest that succeeded before it. */
export class LiveDeployments {
  private readonly byEnvironment = new Map<string, PlannedDeployment[]>();

  constructor(plan: PlannedDeployment[]) {
    for (const d of plan) {
      if (d.status !== "succeeded") continue;
      const list = this.byEnvironment.get(d.environment) ?? [];
      list.push(d);
      this.byEnvironment.set(d.environment, list);
    }
    for (const list of this.byEnvironment.values()) list.sort((a, b) => a.finishedAt - b.finishedAt);
  }

  at(environment: string, t: number): PlannedDeployment | undefined {
    const list = this.byEnvironment.get(environment);
    if (!list) return undefined;
    // Binary search for the last finishedAt ≤ t.
    let lo = 0;
    let hi = list.length - 1;
    let found: PlannedDeployment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].finishedAt <= t) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
