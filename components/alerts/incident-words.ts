import type { IncidentView } from "@/lib/alerts/incidents";
import { comparatorWords } from "@/lib/alerts/notices";
import type { AlertRule } from "@/lib/alerts/rules";
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

