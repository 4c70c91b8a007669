import type { PaletteColor } from "@/components/ui/palette";
import { isOccurrenceMetric, METRICS } from "@/lib/alerts/catalog";
import { formatValue } from "@/lib/alerts/notices";
import type { AlertFilter, AlertMetric, Aggregation, AlertState, Comparator, GroupByDimension, NoDataMode, Severity } from "@/lib/db/schema";

/** The words and colours of the Alerts pages: one place, so the list, the form and the incident agree. */

export const METRIC_LABELS: Record<AlertMetric, string> = {
  error_count: "Error events",
  new_issue: "New issue",
  invocation_count: "Function invocations",
  request_count: "API requests",
  log_count: "Log lines",
  invocation_error_rate: "Function error rate",
  request_error_rate: "API 5xx rate",
  invocation_duration: "Function duration",
  request_latency: "API latency",
  deployment_failed: "Deployment failed",
  deployment_failure_rate: "Deployment failure rate",
  deployment_duration: "Deployment duration",
  vital: "Web Vital",
  heartbeat: "Heartbeat (no events)",
};

/** What each metric measures, under the metric picker. */
export const METRIC_HINTS: Record<AlertMetric, string> = {
  error_count: "Error events received in the window.",
  new_issue: "An issue first seen or regressed in the window; one incident per issue.",
  invocation_count: "Function invocations in the window, or per minute.",
  request_count: "API requests in the window, or per minute.",
  log_count: "Log lines in the window, or per minute; narrow by level.",
  invocation_error_rate: "Invocations ending in error or timeout, in percent of all.",
  request_error_rate: "Requests answered 5xx, in percent of all.",
  invocation_duration: "Function duration in milliseconds.",
  request_latency: "Request latency in milliseconds.",
  deployment_failed: "A deployment that reached failed; one incident per deployment.",
  deployment_failure_rate: "Failed deployments in percent of finished ones.",
  deployment_duration: "Duration of finished deployments in milliseconds.",
  vital: "A Web Vital of real users (ms; CLS has no unit).",
  heartbeat: "Fires when no event (of a type, or of any type) arrives within the window.",
};

export const METRIC_GROUPS: { label: string; metrics: AlertMetric[] }[] = [
  { label: "Errors", metrics: ["error_count", "new_issue"] },
  { label: "Functions", metrics: ["invocation_error_rate", "invocation_duration", "invocation_count"] },
  { label: "API requests", metrics: ["request_error_rate", "request_latency", "request_count"] },
  { label: "Deployments", metrics: ["deployment_failed", "deployment_failure_rate", "deployment_duration"] },
  { label: "Logs, vitals, liveness", metrics: ["log_count", "vital", "heartbeat"] },
];

export function aggregationLabel(metric: AlertMetric, aggregation: Aggregation): string {
  switch (aggregation) {
    case "count":
      return "Count in the window";
    case "rate":
      return METRICS[metric].unit === "events" ? "Per minute" : "Rate (%)";
    case "avg":
      return "Average";
    case "p50":
      return "p50 (median)";
    default:
      return aggregation;
  }
}

export const COMPARATOR_LABELS: Record<Comparator, string> = { ">": "is above", ">=": "is at or above", "<": "is below", "<=": "is at or below" };

export const FILTER_LABELS: Record<keyof AlertFilter, string> = {
  environment: "Environment",
  functionName: "Function",
  route: "Route",
  method: "Method",
  level: "Level",
  vital: "Vital",
  type: "Event type",
};

export const GROUP_LABELS: Record<GroupByDimension, string> = { environment: "environment", functionName: "function", route: "route", vital: "vital" };

export const NO_DATA_LABELS: Record<NoDataMode, string> = {
  keep: "Keep the current state",
  ok: "Count as healthy",
  alert: "Count as a breach",
};

export const SEVERITY_COLORS: Record<Severity, PaletteColor> = { critical: "red", high: "amber", medium: "blue", low: "gray" };
export const STATE_COLORS: Record<AlertState, PaletteColor> = { firing: "red", pending: "amber", ok: "emerald" };

/** "5 min", "1 h", "1 h 30 min", "24 h". */
export function formatWindow(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** An instant as every viewer reads it: `2025-03-01 14:03 UTC`. */
export function formatUtc(iso: string, seconds = false): string {
  return `${new Date(iso).toISOString().slice(0, seconds ? 19 : 16).replace("T", " ")} UTC`;
}

/** "just now", "12 min ago", "3 h ago", "2 d ago". */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** "12 min", "3 h 5 min", "2 d 4 h": how long something lasted. */
export function duration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return formatWindow(minutes);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/**
 * What a rule needs to word its values: the metric, how it aggregates, whether it compares
 * windows, and (for a vital) which vital.
 */
export type ValueShape = { metric: AlertMetric; aggregation: Aggregation; compareTo: "previous_window" | null; filter?: AlertFilter };

/**
 * A value with its unit, as the notifications word it (lib/alerts/notices.ts); a rule on one
 * named vital other than CLS (which has no unit) is in milliseconds.
 */
export function valueText(shape: ValueShape, value: number | null): string {
  const text = formatValue(shape.metric, shape.aggregation, value, shape.compareTo);
  const vital = shape.filter?.vital;
  return shape.metric === "vital" && vital && vital !== "CLS" && value !== null && !shape.compareTo ? `${text} ms` : text;
}

/** A deleted rule's incident still knows its metric; its aggregation is the metric's first. */
export function shapeOfMetric(metric: AlertMetric): ValueShape {
  return { metric, aggregation: METRICS[metric].aggregations[0], compareTo: null };
}

/** The fields of a rule (stored, or being edited) that word its condition. */
export interface ConditionShape extends ValueShape {
  comparator: Comparator;
  threshold: number;
  windowMinutes: number;
  filter: AlertFilter;
  groupBy: GroupByDimension | null;
}

function percentChange(comparator: Comparator, threshold: number): string {
  const n = Math.round(Math.abs(threshold) * 100) / 100;
  if ((comparator === ">" || comparator === ">=") && threshold >= 0) return `up ${comparator === ">" ? "more than" : "at least"} ${n}%`;
  if ((comparator === "<" || comparator === "<=") && threshold <= 0) return `down ${comparator === "<" ? "more than" : "at least"} ${n}%`;
  return `changes ${comparator} ${threshold >= 0 ? "+" : ""}${n}%`;
}

/**
 * The rule's condition in one line: "API latency (p95) > 1,000 ms over 15 min",
 * "Error events up more than 100% vs the previous 1 h", "No request events for 15 min".
 */
export function describeCondition(rule: ConditionShape): string {
  const window = formatWindow(rule.windowMinutes);
  if (rule.metric === "heartbeat") return `No ${rule.filter.type ? `${rule.filter.type} ` : ""}events for ${window}`;
  if (rule.metric === "new_issue") return `An issue${rule.filter.level ? ` at level ${rule.filter.level}` : ""} is new or regressed`;
  if (rule.metric === "deployment_failed") return "A deployment fails";
  const spec = METRICS[rule.metric];
  const aggregation = spec.aggregations.length > 1 ? ` (${rule.aggregation === "rate" && spec.unit === "events" ? "per minute" : rule.aggregation})` : "";
  const subject = `${METRIC_LABELS[rule.metric]}${aggregation}`;
  if (rule.compareTo) return `${subject} ${percentChange(rule.comparator, rule.threshold)} vs the previous ${window}`;
  return `${subject} ${rule.comparator} ${valueText(rule, rule.threshold)} over ${window}`;
}

/** The filters and grouping of a rule as short chips: "environment: production", "per route". */
export function describeScope(rule: Pick<ConditionShape, "filter" | "groupBy">): string[] {
  const chips = (Object.entries(rule.filter) as [keyof AlertFilter, string][]).filter(([, v]) => v).map(([k, v]) => `${FILTER_LABELS[k].toLowerCase()}: ${v}`);
  if (rule.groupBy) chips.push(`per ${GROUP_LABELS[rule.groupBy]}`);
  return chips;
}

/** Occurrence metrics (a new issue, a failed deployment, silence) have no threshold to show. */
export { isOccurrenceMetric };

/** The metric's values are whole counts (the chart's axis then shows whole numbers). */
export function countsWholeEvents(shape: Pick<ValueShape, "metric" | "aggregation" | "compareTo">): boolean {
  return !shape.compareTo && (isOccurrenceMetric(shape.metric) || (METRICS[shape.metric].unit === "events" && shape.aggregation === "count"));
}
