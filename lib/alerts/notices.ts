import type { Comparator, NotificationType, Severity } from "@/lib/db/schema";
import { METRICS } from "./catalog";
import type { RuleDefinition } from "./rule-input";

/**
 * The words of a notification, shared by every channel: the inbox today, Slack and e-mail
 * subjects next. One place so they never disagree about what fired.
 */
export function formatValue(metric: RuleDefinition["metric"], aggregation: RuleDefinition["aggregation"], value: number | null, compareTo: RuleDefinition["compareTo"] = null): string {
  if (value === null) return "no data";
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : String(Math.round(value * 100) / 100);
  if (compareTo) return `${value >= 0 ? "+" : ""}${rounded}%`;
  const unit = METRICS[metric].unit;
  if (unit === "events") return aggregation === "rate" ? `${rounded}/min` : rounded;
  return unit ? `${rounded}${unit === "%" ? "%" : ` ${unit}`}` : rounded;
}

const LABEL: Record<NotificationType, string> = { "alert.firing": "FIRING", "alert.renotify": "STILL FIRING", "alert.resolved": "RESOLVED", "alert.test": "TEST" };

export interface NoticeFacts {
  type: NotificationType;
  rule: Pick<RuleDefinition, "name" | "metric" | "aggregation" | "comparator" | "threshold" | "compareTo">;
  severity: Severity;
  projectName: string;
  group: string | null;
  value: number | null;
}

/** `[FIRING · critical] p95 latency > 1 s — Storefront` and a one-line body. */
export function noticeText(f: NoticeFacts): { title: string; body: string } {
  const { rule } = f;
  const threshold = formatValue(rule.metric, rule.aggregation, rule.threshold, rule.compareTo);
  const group = f.group ? ` (${f.group})` : "";
  return {
    title: `[${LABEL[f.type]} · ${f.severity}] ${rule.name}${group} — ${f.projectName}`,
    body: `${f.type === "alert.resolved" ? "Back to" : "Now"} ${formatValue(rule.metric, rule.aggregation, f.value, rule.compareTo)}; fires when ${comparatorWords(rule.comparator)} ${threshold}.`,
  };
}

/**
 * A notice's title without what a list already shows beside it (the status and severity
 * label, the project name): `[FIRING · critical] p95 latency (/api) — Storefront` →
 * `p95 latency (/api)`. A title of another shape comes back whole.
 */
export function noticeHeadline(title: string, projectName: string): string {
  const label = /^\[(?:FIRING|STILL FIRING|RESOLVED|TEST) · [a-z]+\] /.exec(title);
  if (!label) return title;
  const rest = title.slice(label[0].length);
  const suffix = ` — ${projectName}`;
  return rest.endsWith(suffix) && rest.length > suffix.length ? rest.slice(0, -suffix.length) : rest;
}

export function comparatorWords(c: Comparator): string {
  return { ">": "above", ">=": "at or above", "<": "below", "<=": "at or below" }[c];
}
