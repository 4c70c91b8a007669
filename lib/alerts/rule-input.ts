import { z } from "zod";
import {
  aggregations,
  alertMetrics,
  comparators,
  groupByDimensions,
  noDataModes,
  severities,
  type AlertFilter,
  type AlertMetric,
  type Aggregation,
  type Comparator,
  type GroupByDimension,
  type NoDataMode,
  type Severity,
} from "@/lib/db/schema";
import { ValidationError, zodToFieldErrors, type FieldError } from "@/lib/errors";
import { errorLevels, logLevels, vitalNames } from "@/lib/events";
import { storableString } from "@/lib/text";
import { HEARTBEAT_TYPES, isOccurrenceMetric, metricDefaults, METRICS, RULE_DEFAULTS } from "./catalog";

/** A rule as evaluated: every field of API.md's rule table, defaults applied. */
export interface RuleDefinition {
  name: string;
  metric: AlertMetric;
  filter: AlertFilter;
  groupBy: GroupByDimension | null;
  aggregation: Aggregation;
  comparator: Comparator;
  threshold: number;
  resolveThreshold: number | null;
  windowMinutes: number;
  compareTo: "previous_window" | null;
  minSamples: number;
  pendingMinutes: number;
  renotifyMinutes: number;
  severity: Severity;
  noData: NoDataMode;
  notifyOnResolve: boolean;
  mutedUntil: Date | null;
  enabled: boolean;
  channelIds: string[];
}

const text = (max: number) =>
  storableString()
    .trim()
    .min(1, "Must not be empty")
    .max(max, `At most ${max} characters`);

const filterSchema = z
  .object({
    environment: text(64),
    functionName: text(256),
    route: text(512),
    method: text(16).transform((m) => m.toUpperCase()),
    level: z.enum([...new Set([...logLevels, ...errorLevels])] as [string, ...string[]]),
    vital: z.enum(vitalNames),
    type: z.enum(HEARTBEAT_TYPES),
  })
  .partial()
  .strict();

const finite = z.number().finite("Must be a finite number");

/** The body of POST /alert-rules (and, every field optional, of PATCH and preview). */
export const ruleFields = z
  .object({
    name: text(120),
    metric: z.enum(alertMetrics),
    filter: filterSchema,
    groupBy: z.enum(groupByDimensions).nullable(),
    aggregation: z.enum(aggregations),
    comparator: z.enum(comparators),
    threshold: finite,
    resolveThreshold: finite.nullable(),
    windowMinutes: z.number().int("Must be a whole number of minutes").min(1).max(1440),
    compareTo: z.literal("previous_window").nullable(),
    minSamples: z.number().int().min(0).max(1_000_000_000),
    pendingMinutes: z.number().int().min(0).max(1440),
    renotifyMinutes: z.number().int().min(0).max(10080),
    severity: z.enum(severities),
    noData: z.enum(noDataModes),
    notifyOnResolve: z.boolean(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable(),
    enabled: z.boolean(),
    channelIds: z.array(z.string().max(64)).max(20),
  })
  .partial()
  .strict();
export type RuleFields = z.infer<typeof ruleFields>;

const fail = (errors: FieldError[]): never => {
  throw new ValidationError(errors, errors.length === 1 ? errors[0].message : "The rule has invalid fields.");
};

/**
 * Parses a rule body over `base` (the stored rule, for PATCH) and applies API.md's defaults,
 * then checks what no single field can: the aggregation the metric allows, a resolve
 * threshold on the healthy side, a vital rule naming its vital. Each problem points at
 * the field to change.
 */
export function resolveRule(body: unknown, base?: RuleDefinition, options: { requireName?: boolean } = {}): RuleDefinition {
  const parsed = ruleFields.safeParse(body);
  if (!parsed.success) fail(zodToFieldErrors(parsed.error));
  const input = parsed.data!;
  const errors: FieldError[] = [];

  const metric = input.metric ?? base?.metric;
  if (!metric) return fail([{ pointer: "/metric", message: "Choose a metric" }]);
  const name = input.name ?? base?.name;
  if (!name && options.requireName !== false) errors.push({ pointer: "/name", message: "Give the rule a name" });
  const spec = METRICS[metric];
  const metricChanged = base !== undefined && input.metric !== undefined && input.metric !== base.metric;
  // A different metric resets what only made sense for the old one.
  const prior = metricChanged ? undefined : base;

  const filter = input.filter ?? prior?.filter ?? {};
  for (const key of Object.keys(filter) as (keyof AlertFilter)[]) {
    if (!spec.filters.includes(key)) errors.push({ pointer: `/filter/${key}`, message: `${metric} cannot be filtered by ${key}` });
  }
  const groupBy = input.groupBy !== undefined ? input.groupBy : (prior?.groupBy ?? null);
  if (groupBy && !spec.groupBy.includes(groupBy)) {
    errors.push({ pointer: "/groupBy", message: spec.groupBy.length ? `${metric} can be grouped by ${spec.groupBy.join(", ")}` : `${metric} cannot be grouped` });
  }
  if (metric === "error_count" && ((filter.route || groupBy === "route") && (filter.functionName || groupBy === "functionName"))) {
    errors.push({ pointer: filter.functionName ? "/filter/functionName" : "/groupBy", message: "Count errors by route or by function, not both at once" });
  }
  if (groupBy && filter[groupBy === "vital" ? "vital" : groupBy]) {
    errors.push({ pointer: "/groupBy", message: `Grouping by ${groupBy} while filtering on one ${groupBy} gives one group; drop one of them` });
  }

  const aggregation = input.aggregation ?? prior?.aggregation ?? metricDefaults(metric).aggregation;
  if (!spec.aggregations.includes(aggregation)) {
    errors.push({ pointer: "/aggregation", message: `${metric} allows ${spec.aggregations.join(", ")}, not ${aggregation}` });
  }
  if (metric === "vital" && !filter.vital && groupBy !== "vital") {
    errors.push({ pointer: "/filter/vital", message: "Name the Web Vital (LCP, INP, CLS, FCP or TTFB), or group by vital" });
  }

  const occurrence = isOccurrenceMetric(metric);
  const comparator = occurrence ? (metric === "heartbeat" ? "<" : ">") : (input.comparator ?? prior?.comparator ?? RULE_DEFAULTS.comparator);
  const threshold = occurrence ? (metric === "heartbeat" ? 1 : 0) : (input.threshold ?? prior?.threshold);
  if (threshold === undefined) errors.push({ pointer: "/threshold", message: "Set the threshold the value is compared with" });
  const resolveThreshold = occurrence ? null : input.resolveThreshold !== undefined ? input.resolveThreshold : (prior?.resolveThreshold ?? null);
  if (resolveThreshold !== null && threshold !== undefined) {
    const above = comparator === ">" || comparator === ">=";
    if (above ? resolveThreshold > threshold : resolveThreshold < threshold) {
      errors.push({
        pointer: "/resolveThreshold",
        message: `A rule firing ${comparator} ${threshold} resolves ${above ? "at or below" : "at or above"} the threshold: use a value ${above ? "≤" : "≥"} ${threshold}`,
      });
    }
  }
  const compareTo = occurrence ? null : input.compareTo !== undefined ? input.compareTo : (prior?.compareTo ?? null);
  if (compareTo && metric.startsWith("deployment")) errors.push({ pointer: "/compareTo", message: "Deployment metrics cannot compare windows" });

  const defaults = metricDefaults(metric, aggregation);
  if (errors.length) fail(errors);
  return {
    name: name ?? "Preview",
    metric,
    filter,
    groupBy,
    aggregation,
    comparator,
    threshold: threshold!,
    resolveThreshold,
    windowMinutes: input.windowMinutes ?? prior?.windowMinutes ?? defaults.windowMinutes,
    compareTo,
    minSamples: input.minSamples ?? prior?.minSamples ?? defaults.minSamples,
    pendingMinutes: input.pendingMinutes ?? prior?.pendingMinutes ?? defaults.pendingMinutes,
    renotifyMinutes: input.renotifyMinutes ?? base?.renotifyMinutes ?? RULE_DEFAULTS.renotifyMinutes,
    severity: input.severity ?? base?.severity ?? RULE_DEFAULTS.severity,
    noData: input.noData ?? base?.noData ?? RULE_DEFAULTS.noData,
    notifyOnResolve: input.notifyOnResolve ?? base?.notifyOnResolve ?? RULE_DEFAULTS.notifyOnResolve,
    mutedUntil: input.mutedUntil !== undefined ? (input.mutedUntil === null ? null : new Date(input.mutedUntil)) : (base?.mutedUntil ?? null),
    enabled: input.enabled ?? base?.enabled ?? RULE_DEFAULTS.enabled,
    channelIds: input.channelIds ?? base?.channelIds ?? [],
  };
}
