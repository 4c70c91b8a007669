import type { AlertState, Comparator } from "@/lib/db/schema";
import { quantiles, type Histogram } from "@/lib/rollups/histogram";
import { MINUTE } from "@/lib/rollups/time";
import { countsEvents } from "./catalog";
import type { RuleDefinition } from "./rule-input";

/**
 * The evaluator: pure functions from a rule, what its window holds and the series'
 * previous state to the value and the next state. The live tick (lib/alerts/tick.ts) and
 * the preview (lib/alerts/preview.ts) both call these, so a preview replays exactly what
 * the tick would have done.
 */

/** What one window of one series holds, summed over its rollup rows (or rows of a table). */
export interface WindowTotals {
  count: number;
  errors: number;
  /** Sum of the measured values (durations, vital values). */
  sum: number;
  /** Merged histogram of the values, for percentiles (absent when not needed). */
  hist?: Histogram;
  /** Exact values where the source has no histogram (deployment durations). */
  values?: number[];
}

export const EMPTY_TOTALS: WindowTotals = { count: 0, errors: 0, sum: 0 };

/** A series' value for one evaluation: `value` null means the window held no data. */
export interface Reading {
  value: number | null;
  samples: number;
  note?: string;
}

const QUANTILE = { p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;

/** Nearest-rank quantile of exact values, as `percentile_disc` computes it. */
function discreteQuantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/** The rule's aggregation of one window: a count, a per-minute rate, a percent, a mean or a percentile. */
export function aggregateWindow(rule: Pick<RuleDefinition, "metric" | "aggregation" | "windowMinutes">, totals: WindowTotals): Reading {
  const { metric, aggregation } = rule;
  if (metric === "deployment_failure_rate") {
    // failed over finished, as the Deployments page computes it (`count` = finished).
    return { value: totals.count > 0 ? (100 * totals.errors) / totals.count : null, samples: totals.count };
  }
  if (countsEvents(metric, aggregation)) {
    return { value: aggregation === "rate" ? totals.count / rule.windowMinutes : totals.count, samples: totals.count };
  }
  if (aggregation === "rate") return { value: totals.count > 0 ? (100 * totals.errors) / totals.count : null, samples: totals.count };
  const samples = totals.values ? totals.values.length : totals.count;
  if (samples === 0) return { value: null, samples: 0 };
  if (aggregation === "avg") return { value: totals.values ? totals.values.reduce((a, b) => a + b, 0) / samples : totals.sum / totals.count, samples };
  const q = QUANTILE[aggregation as keyof typeof QUANTILE];
  const value = totals.values ? discreteQuantile(totals.values, q) : quantiles(totals.hist ?? {}, [q])[0];
  return { value, samples };
}

/**
 * The reading of a window, against the previous window when the rule compares them: the
 * percent change of the value. A previous window with nothing in it is no baseline.
 */
export function readingOf(rule: RuleDefinition, current: WindowTotals, previous?: WindowTotals): Reading {
  const now = aggregateWindow(rule, current);
  if (!rule.compareTo) return now;
  const before = aggregateWindow(rule, previous ?? EMPTY_TOTALS);
  if (now.value === null || before.value === null) return { value: null, samples: now.samples, note: "no data" };
  if (before.value === 0) return now.value === 0 ? { value: 0, samples: now.samples } : { value: null, samples: now.samples, note: "no baseline: the previous window was empty" };
  return { value: (100 * (now.value - before.value)) / Math.abs(before.value), samples: now.samples };
}

export function breaches(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

/** One series' state between evaluations. */
export interface SeriesState {
  state: AlertState;
  /** When the current breach began (pending, firing). */
  breachSince: number | null;
  /** When the open incident last notified (opening counts); null without one. */
  lastNotifiedAt: number | null;
  acknowledged: boolean;
}

export const INITIAL_STATE: SeriesState = { state: "ok", breachSince: null, lastNotifiedAt: null, acknowledged: false };

/**
 * What an evaluation did to a series. `firing`, `renotify` and `resolved` notify;
 * `pending` and `recovered` (pending → ok) are only recorded.
 */
export type Transition = "pending" | "firing" | "renotify" | "resolved" | "recovered";

export interface Step {
  next: SeriesState;
  transition: Transition | null;
  /** Why the state was kept without judging the value ("insufficient data", "no data"). */
  note: string | null;
}

type Verdict = "breach" | "healthy" | "hold";

function verdictOf(rule: RuleDefinition, reading: Reading, prev: SeriesState): { verdict: Verdict; note: string | null } {
  if (reading.value === null) {
    if (rule.metric === "heartbeat" || rule.noData === "alert") return { verdict: "breach", note: reading.note ?? "no data" };
    if (rule.noData === "ok") return { verdict: "healthy", note: reading.note ?? "no data" };
    return { verdict: "hold", note: reading.note ?? "no data" };
  }
  if (reading.samples < rule.minSamples) return { verdict: "hold", note: "insufficient data" };
  if (breaches(reading.value, rule.comparator, rule.threshold)) return { verdict: "breach", note: null };
  // Hysteresis: a firing series stays firing until the value is past resolveThreshold.
  if (prev.state === "firing" && rule.resolveThreshold !== null && breaches(reading.value, rule.comparator, rule.resolveThreshold)) {
    return { verdict: "breach", note: null };
  }
  return { verdict: "healthy", note: null };
}

/**
 * A heartbeat watches for silence after activity: until its series has seen an event, an
 * empty window is "waiting for the first event", not an outage — so a new project can add
 * the preset before sending anything without being alerted at once.
 */
export function awaitingFirstEvent(rule: Pick<RuleDefinition, "metric">, reading: Reading, seenBefore: boolean): boolean {
  return rule.metric === "heartbeat" && !seenBefore && !(reading.value !== null && reading.value > 0);
}

/** ok → pending → firing → ok, per API.md, at `at` (the end of the evaluated minute). */
export function step(rule: RuleDefinition, reading: Reading, prev: SeriesState, at: number): Step {
  const { verdict, note } = verdictOf(rule, reading, prev);
  if (verdict === "hold") return { next: prev, transition: null, note };
  if (verdict === "healthy") {
    if (prev.state === "ok") return { next: prev, transition: null, note };
    return { next: INITIAL_STATE, transition: prev.state === "firing" ? "resolved" : "recovered", note };
  }
  const since = prev.state === "ok" ? at : (prev.breachSince ?? at);
  if (prev.state === "firing") {
    const due =
      rule.renotifyMinutes > 0 && !prev.acknowledged && prev.lastNotifiedAt !== null && at - prev.lastNotifiedAt >= rule.renotifyMinutes * MINUTE;
    return due ? { next: { ...prev, lastNotifiedAt: at }, transition: "renotify", note } : { next: prev, transition: null, note };
  }
  if (at - since >= rule.pendingMinutes * MINUTE) {
    return { next: { state: "firing", breachSince: since, lastNotifiedAt: at, acknowledged: false }, transition: "firing", note };
  }
  return { next: { ...INITIAL_STATE, state: "pending", breachSince: since }, transition: prev.state === "ok" ? "pending" : null, note };
}
