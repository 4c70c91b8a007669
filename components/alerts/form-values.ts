import { isOccurrenceMetric, metricDefaults, METRICS, RULE_DEFAULTS } from "@/lib/alerts/catalog";
import type { Preset } from "@/lib/alerts/presets";
import type { AlertRule } from "@/lib/alerts/rules";
import type { AlertFilter, AlertMetric, Aggregation, Comparator, GroupByDimension, NoDataMode, Severity } from "@/lib/db/schema";

/**
 * The rule form's state and its translation to and from API.md's rule body. Inputs hold
 * strings (what was typed); the body carries numbers, and a blank number is left out so the
 * API applies its default or says what is missing. Pure functions, shared by the form and
 * its preview.
 */

export type FilterKey = keyof AlertFilter;

export interface RuleFormValues {
  name: string;
  metric: AlertMetric;
  aggregation: Aggregation;
  filter: Partial<Record<FilterKey, string>>;
  groupBy: GroupByDimension | "";
  comparator: Comparator;
  threshold: string;
  resolveThreshold: string;
  windowMinutes: string;
  compareTo: boolean;
  minSamples: string;
  pendingMinutes: string;
  renotifyMinutes: string;
  severity: Severity;
  noData: NoDataMode;
  notifyOnResolve: boolean;
  enabled: boolean;
  /** `datetime-local` text in the viewer's time zone, or "". */
  mutedUntil: string;
}

/** Fields whose default follows the metric (and aggregation): they follow it until the user sets them. */
export const DERIVED_FIELDS = ["aggregation", "windowMinutes", "minSamples", "pendingMinutes"] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

export const DEFAULT_METRIC: AlertMetric = "error_count";

function derived(metric: AlertMetric, aggregation?: Aggregation): Pick<RuleFormValues, DerivedField> {
  const d = metricDefaults(metric, aggregation);
  return { aggregation: aggregation ?? d.aggregation, windowMinutes: String(d.windowMinutes), minSamples: String(d.minSamples), pendingMinutes: String(d.pendingMinutes) };
}

export function newRuleValues(metric: AlertMetric = DEFAULT_METRIC): RuleFormValues {
  return {
    name: "",
    metric,
    ...derived(metric),
    filter: {},
    groupBy: "",
    comparator: RULE_DEFAULTS.comparator,
    threshold: "",
    resolveThreshold: "",
    compareTo: false,
    renotifyMinutes: String(RULE_DEFAULTS.renotifyMinutes),
    severity: RULE_DEFAULTS.severity,
    noData: RULE_DEFAULTS.noData,
    notifyOnResolve: RULE_DEFAULTS.notifyOnResolve,
    enabled: RULE_DEFAULTS.enabled,
    mutedUntil: "",
  };
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

/** ISO → the `datetime-local` text of the same instant in the viewer's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function valuesFromRule(rule: AlertRule): RuleFormValues {
  return {
    name: rule.name,
    metric: rule.metric,
    aggregation: rule.aggregation,
    filter: { ...rule.filter },
    groupBy: rule.groupBy ?? "",
    comparator: rule.comparator,
    threshold: isOccurrenceMetric(rule.metric) ? "" : str(rule.threshold),
    resolveThreshold: str(rule.resolveThreshold),
    windowMinutes: str(rule.windowMinutes),
    compareTo: rule.compareTo === "previous_window",
    minSamples: str(rule.minSamples),
    pendingMinutes: str(rule.pendingMinutes),
    renotifyMinutes: str(rule.renotifyMinutes),
    severity: rule.severity,
    noData: rule.noData,
    notifyOnResolve: rule.notifyOnResolve,
    enabled: rule.enabled,
    // In the viewer's time zone, which a server render does not know: the form fills it in on the client.
    mutedUntil: "",
  };
}

export function valuesFromPreset(preset: Preset): RuleFormValues {
  const r = preset.rule;
  const base = newRuleValues(r.metric);
  const aggregation = r.aggregation ?? base.aggregation;
  return {
    ...base,
    ...derived(r.metric, aggregation),
    name: r.name,
    filter: { ...(r.filter ?? {}) },
    groupBy: r.groupBy ?? "",
    comparator: r.comparator ?? base.comparator,
    threshold: str(r.threshold),
    resolveThreshold: str(r.resolveThreshold),
    windowMinutes: str(r.windowMinutes ?? Number(base.windowMinutes)),
    compareTo: r.compareTo === "previous_window",
    minSamples: r.minSamples !== undefined ? str(r.minSamples) : derived(r.metric, aggregation).minSamples,
    pendingMinutes: r.pendingMinutes !== undefined ? str(r.pendingMinutes) : base.pendingMinutes,
    severity: r.severity ?? base.severity,
  };
}

/**
 * Which derived fields hold a value of the user's own: for a stored rule, those that differ
 * from the default of its metric (the rest keep following the metric as it changes).
 */
export function ownDerivedFields(values: RuleFormValues): Set<DerivedField> {
  const d = derived(values.metric, values.aggregation);
  const own = new Set<DerivedField>();
  if (values.aggregation !== metricDefaults(values.metric).aggregation) own.add("aggregation");
  for (const k of ["windowMinutes", "minSamples", "pendingMinutes"] as const) if (values[k] !== d[k]) own.add(k);
  return own;
}

/**
 * The values after choosing another metric (or aggregation): what the new metric cannot
 * take goes (an aggregation, filters, a grouping it does not allow), and derived fields the
 * user has not set take the new defaults.
 */
export function withMetric(values: RuleFormValues, metric: AlertMetric, own: Set<DerivedField>, aggregation?: Aggregation): RuleFormValues {
  const spec = METRICS[metric];
  const keepAggregation = aggregation ?? (own.has("aggregation") && spec.aggregations.includes(values.aggregation) ? values.aggregation : spec.aggregations[0]);
  const d = derived(metric, keepAggregation);
  const filter = Object.fromEntries(Object.entries(values.filter).filter(([k]) => (spec.filters as readonly string[]).includes(k)));
  return {
    ...values,
    metric,
    aggregation: keepAggregation,
    filter,
    groupBy: values.groupBy && spec.groupBy.includes(values.groupBy) ? values.groupBy : "",
    compareTo: values.compareTo && !isOccurrenceMetric(metric) && !metric.startsWith("deployment"),
    windowMinutes: own.has("windowMinutes") ? values.windowMinutes : d.windowMinutes,
    minSamples: own.has("minSamples") ? values.minSamples : d.minSamples,
    pendingMinutes: own.has("pendingMinutes") ? values.pendingMinutes : d.pendingMinutes,
  };
}

/** A typed number: blank is absent (the API's default or its "missing" message), anything else as typed. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** API.md's rule body for POST /alert-rules, PATCH /alert-rules/{id} and the preview's `rule`. */
export function ruleBody(values: RuleFormValues): Record<string, unknown> {
  const spec = METRICS[values.metric];
  const occurrence = isOccurrenceMetric(values.metric);
  const filter: Partial<Record<FilterKey, string>> = {};
  for (const key of spec.filters) {
    const v = values.filter[key]?.trim();
    if (v) filter[key] = v;
  }
  const body: Record<string, unknown> = {
    name: values.name.trim() || undefined,
    metric: values.metric,
    filter,
    groupBy: values.groupBy || null,
    windowMinutes: num(values.windowMinutes),
    minSamples: num(values.minSamples),
    pendingMinutes: num(values.pendingMinutes),
    renotifyMinutes: num(values.renotifyMinutes),
    severity: values.severity,
    noData: values.noData,
    notifyOnResolve: values.notifyOnResolve,
    enabled: values.enabled,
    mutedUntil: values.mutedUntil ? (Number.isFinite(Date.parse(values.mutedUntil)) ? new Date(values.mutedUntil).toISOString() : values.mutedUntil) : null,
  };
  if (!occurrence) {
    Object.assign(body, {
      aggregation: values.aggregation,
      comparator: values.comparator,
      threshold: num(values.threshold),
      resolveThreshold: num(values.resolveThreshold) ?? null,
      compareTo: values.compareTo ? "previous_window" : null,
    });
  }
  return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
}

/** The unit the threshold is typed in. */
export function thresholdUnit(values: Pick<RuleFormValues, "metric" | "aggregation" | "compareTo" | "filter">): string {
  if (values.compareTo) return "% change";
  // Web Vitals are milliseconds, but for CLS, which is a score.
  if (values.metric === "vital") return values.filter.vital === "CLS" ? "score" : values.filter.vital ? "ms" : "ms; CLS a score";
  const unit = METRICS[values.metric].unit;
  if (unit === "events") return values.aggregation === "rate" ? "per minute" : "events";
  return unit;
}
