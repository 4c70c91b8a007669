import type { IncidentView } from "@/lib/alerts/incidents";
import { comparatorWords } from "@/lib/alerts/notices";
import type { AlertRule } from "@/lib/alerts/rules";
import { plural } from "@/lib/format/plural";
import { shapeOfMetric, valueText, type ValueShape } from "./format";

/** How an incident reads, for the Alerts list and the incident page alike (a plain module: both render it). */

/** How an incident's numbers read: its rule's shape while the rule exists, else its metric's. */
export function shapeOf(incident: Pick<IncidentView, "rule">, rules: Map<string, AlertRule> | AlertRule | null): ValueShape {
  const rule = rules instanceof Map ? (incident.rule.id ? rules.get(incident.rule.id) : undefined) : (rules ?? undefined);
  return rule ?? shapeOfMetric(incident.rule.metric);
}

/** What the incident is about, in a line: the value against the threshold, or the occurrence. */
export function incidentValueLine(incident: IncidentView, shape: ValueShape): string {
  switch (incident.rule.metric) {
    case "new_issue":
      return "A new or regressed issue";
    case "deployment_failed":
      return "A deployment failed";
    case "heartbeat":
      return incident.status === "firing" ? "No events arrived in the window" : "Events arrive again";
    default: {
      const now = incident.status === "firing" ? "Now" : "Last";
      return `${now} ${valueText(shape, incident.value)} · fires ${comparatorWords(incident.comparator)} ${valueText(shape, incident.threshold)}`;
    }
  }
}

export function groupText(incident: Pick<IncidentView, "group" | "groupLabel">): string | null {
  return incident.groupLabel ?? incident.group;
}

const CHANNEL_WORDS: Record<string, string> = { inbox: "the in-app inbox", webhook: "webhook", slack: "Slack", email: "e-mail" };

/**
 * Where a notice went and how it went, from a delivery's timeline detail (`channel`,
 * `channelType`, `statusCode`, `error`, `attempts`): "to webhook “Ops” — HTTP 200".
 * Entries written before channels were named carry only a count of channels.
 */
export function deliveryWords(d: Record<string, unknown>): string | null {
  if (typeof d.channel !== "string") return typeof d.channels === "number" ? `to ${plural(d.channels, "channel")}` : null;
  const kind = CHANNEL_WORDS[String(d.channelType)] ?? String(d.channelType ?? "channel");
  const where = d.channelType === "inbox" ? kind : `${kind} “${d.channel}”`;
  const outcome = [
    typeof d.statusCode === "number" ? `HTTP ${d.statusCode}` : null,
    // A bare non-2xx is recorded with the error "HTTP 410" too: said once.
    typeof d.error === "string" && d.error && d.error !== `HTTP ${String(d.statusCode)}` ? d.error : null,
    typeof d.attempts === "number" && d.attempts > 1 ? `after ${plural(d.attempts, "attempt")}` : null,
  ].filter(Boolean);
  return `to ${where}${outcome.length ? ` — ${outcome.join(", ")}` : ""}`;
}

