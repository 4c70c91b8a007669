import type { RuleFields } from "./rule-input";

/**
 * API.md's recommended rules: what a new project should watch, added in one click each on
 * the empty Alerts page (`GET /alert-rule-presets`). Each body is a complete rule as
 * `POST /alert-rules` takes it.
 */
export interface Preset {
  key: string;
  description: string;
  rule: RuleFields & { name: string; metric: NonNullable<RuleFields["metric"]> };
}

export const PRESETS: readonly Preset[] = [
  {
    key: "deployment-failed",
    description: "Tells you the moment a deployment ends in failure.",
    rule: { name: "Deployment failed", metric: "deployment_failed", windowMinutes: 15, severity: "high" },
  },
  {
    key: "function-error-rate",
    description: "More than 5% of function invocations fail (error or timeout) over 15 minutes.",
    rule: { name: "Function error rate > 5%", metric: "invocation_error_rate", aggregation: "rate", comparator: ">", threshold: 5, windowMinutes: 15, severity: "critical" },
  },
  {
    key: "function-p95-duration",
    description: "The slowest 5% of invocations take longer than a second over 15 minutes.",
    rule: { name: "Function p95 duration > 1 s", metric: "invocation_duration", aggregation: "p95", comparator: ">", threshold: 1000, windowMinutes: 15, severity: "medium" },
  },
  {
    key: "api-5xx-rate",
    description: "More than 2% of API requests answer 5xx over 10 minutes.",
    rule: { name: "API 5xx rate > 2%", metric: "request_error_rate", aggregation: "rate", comparator: ">", threshold: 2, windowMinutes: 10, severity: "critical" },
  },
  {
    key: "error-spike",
    description: "Errors more than double against the hour before.",
    rule: { name: "Errors up > 100% vs previous hour", metric: "error_count", aggregation: "count", comparator: ">", threshold: 100, windowMinutes: 60, compareTo: "previous_window", minSamples: 10, severity: "high" },
  },
  {
    key: "new-issue",
    description: "A new kind of error appears, or a resolved one comes back.",
    rule: { name: "New issue", metric: "new_issue", windowMinutes: 5, severity: "medium" },
  },
  {
    key: "heartbeat",
    description: "No request at all for 15 minutes: the app may be down or unreachable.",
    rule: { name: "No requests for 15 min", metric: "heartbeat", filter: { type: "request" }, windowMinutes: 15, severity: "critical" },
  },
  {
    key: "lcp-p75",
    description: "Real users' Largest Contentful Paint p75 above 2.5 s over an hour.",
    rule: { name: "LCP p75 > 2.5 s", metric: "vital", filter: { vital: "LCP" }, aggregation: "p75", comparator: ">", threshold: 2500, windowMinutes: 60, severity: "medium" },
  },
];
