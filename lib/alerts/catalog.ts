import type { AlertFilter, AlertMetric, Aggregation, Comparator, GroupByDimension, NoDataMode, Severity } from "@/lib/db/schema";

/**
 * What each metric of API.md's "Alert rules" is: where its series comes from, which
 * aggregations, filters and groupings it allows. The rule schema validates against this
 * table and the readers (lib/alerts/readings.ts, preview.ts) plan their queries from it.
 */
export type MetricSource =
  /** Rollup rows of one event kind (lib/rollups): counts, rates, durations, vitals. */
  | { from: "rollups"; kind: "invocation" | "request" | "error" | "log" | "vital" }
  /** Rollup rows of every kind, or of `filter.type`: did anything arrive? */
  | { from: "heartbeat" }
  /** The deployments table, as the Deployments page reads it (deployments started in the window). */
  | { from: "deployments" }
  /** One occurrence per incident: issues first seen or regressed, deployments that failed. */
  | { from: "issues" }
  | { from: "failed_deployments" };

export interface MetricSpec {
  source: MetricSource;
  aggregations: readonly Aggregation[];
  filters: readonly (keyof AlertFilter)[];
  groupBy: readonly GroupByDimension[];
  /** What the value counts or measures, for labels ("%", "ms", "events"). */
  unit: "events" | "per minute" | "%" | "ms" | "";
  /** An event metric opens one incident per occurrence. */
  event?: boolean;
}

const PERCENTILES = ["avg", "p50", "p75", "p95", "p99"] as const;

export const METRICS: Record<AlertMetric, MetricSpec> = {
  error_count: {
    source: { from: "rollups", kind: "error" },
    aggregations: ["count"],
    filters: ["environment", "level", "route", "functionName"],
    groupBy: ["environment", "route", "functionName"],
    unit: "events",
  },
  new_issue: { source: { from: "issues" }, aggregations: ["count"], filters: ["level"], groupBy: [], unit: "events", event: true },
  invocation_count: {
    source: { from: "rollups", kind: "invocation" },
    aggregations: ["count", "rate"],
    filters: ["environment", "functionName"],
    groupBy: ["environment", "functionName"],
    unit: "events",
  },
  request_count: {
    source: { from: "rollups", kind: "request" },
    aggregations: ["count", "rate"],
    filters: ["environment", "route", "method"],
    groupBy: ["environment", "route"],
    unit: "events",
  },
  log_count: {
    source: { from: "rollups", kind: "log" },
    aggregations: ["count", "rate"],
    filters: ["environment", "level"],
    groupBy: ["environment"],
    unit: "events",
  },
  invocation_error_rate: {
    source: { from: "rollups", kind: "invocation" },
    aggregations: ["rate"],
    filters: ["environment", "functionName"],
    groupBy: ["environment", "functionName"],
    unit: "%",
  },
  request_error_rate: {
    source: { from: "rollups", kind: "request" },
    aggregations: ["rate"],
    filters: ["environment", "route", "method"],
    groupBy: ["environment", "route"],
    unit: "%",
  },
  invocation_duration: {
    source: { from: "rollups", kind: "invocation" },
    aggregations: PERCENTILES,
    filters: ["environment", "functionName"],
    groupBy: ["environment", "functionName"],
    unit: "ms",
  },
  request_latency: {
    source: { from: "rollups", kind: "request" },
    aggregations: PERCENTILES,
    filters: ["environment", "route", "method"],
    groupBy: ["environment", "route"],
    unit: "ms",
  },
  deployment_failed: { source: { from: "failed_deployments" }, aggregations: ["count"], filters: ["environment"], groupBy: [], unit: "events", event: true },
  deployment_failure_rate: { source: { from: "deployments" }, aggregations: ["rate"], filters: ["environment"], groupBy: ["environment"], unit: "%" },
  deployment_duration: { source: { from: "deployments" }, aggregations: ["avg", "p95"], filters: ["environment"], groupBy: ["environment"], unit: "ms" },
  vital: {
    source: { from: "rollups", kind: "vital" },
    aggregations: ["p75", "p50", "p95"],
    filters: ["vital", "environment", "route"],
    groupBy: ["vital", "environment", "route"],
    unit: "",
  },
  heartbeat: { source: { from: "heartbeat" }, aggregations: ["count"], filters: ["type", "environment"], groupBy: [], unit: "events", event: false },
};

/** Metrics whose zero is a value, not "no data": counting nothing counts zero. */
export function countsEvents(metric: AlertMetric, aggregation: Aggregation): boolean {
  return aggregation === "count" || (aggregation === "rate" && METRICS[metric].unit === "events");
}

/** Metrics without a threshold to choose: they fire on an occurrence, or on silence. */
export function isOccurrenceMetric(metric: AlertMetric): boolean {
  return METRICS[metric].event === true || metric === "heartbeat";
}

/**
 * API.md's defaults that follow from the metric (and, for `minSamples`, the aggregation):
 * the rule schema applies them (lib/alerts/rule-input.ts) and the rule form shows them, so
 * both say the same thing. Importable from the browser: this file has no server imports.
 */
export function metricDefaults(metric: AlertMetric, aggregation: Aggregation = METRICS[metric].aggregations[0]) {
  const occurrence = isOccurrenceMetric(metric);
  return {
    aggregation: METRICS[metric].aggregations[0],
    windowMinutes: metric === "heartbeat" ? 15 : 5,
    // Counting nothing counts zero, so a count needs no minimum; a rate of 3 requests is noise.
    minSamples: countsEvents(metric, aggregation) || occurrence ? 0 : 20,
    pendingMinutes: occurrence ? 0 : 2,
  };
}

/** API.md's defaults that hold for every metric. */
export const RULE_DEFAULTS = {
  comparator: ">",
  renotifyMinutes: 240,
  severity: "high",
  noData: "keep",
  notifyOnResolve: true,
  enabled: true,
} as const satisfies { comparator: Comparator; renotifyMinutes: number; severity: Severity; noData: NoDataMode; notifyOnResolve: boolean; enabled: boolean };

/** Event types a heartbeat can watch, and the rollup kinds that count them. */
export const HEARTBEAT_TYPES = ["invocation", "request", "error", "log", "vital", "deployment"] as const;
