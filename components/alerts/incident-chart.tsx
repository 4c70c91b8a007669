"use client";

import { useCallback, useMemo } from "react";
import { ThresholdChart } from "@/components/charts/threshold-chart";
import { isOccurrenceMetric, METRICS } from "@/lib/alerts/catalog";
import type { IncidentView } from "@/lib/alerts/incidents";
import type { AlertRule } from "@/lib/alerts/rules";
import { countsWholeEvents, GROUP_LABELS, METRIC_LABELS, valueText } from "./format";
import { ruleBody, valuesFromRule } from "./form-values";
import { useRulePreview, type PreviewRange } from "./queries";

const MINUTE = 60_000;
const RANGES: [PreviewRange, number][] = [
  ["1h", 60 * MINUTE],
  ["24h", 1440 * MINUTE],
  ["7d", 7 * 1440 * MINUTE],
];

/**
 * The rule's metric around an incident, with the threshold it crossed and the incident's
 * span shaded. The series is the preview's replay (POST /alert-rules/preview) over the
 * shortest range that reaches back to the opening, so the finest points available: the
 * same rollups and windows the tick judged. A group's incident is replayed for that group.
 */
export function IncidentChart({ projectId, incident, rule }: { projectId: string; incident: IncidentView; rule: AlertRule }) {
  const now = Date.now();
  const opened = Date.parse(incident.openedAt);
  const closed = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  const pad = Math.max(10 * MINUTE, (closed - opened) / 2, 2 * rule.windowMinutes * MINUTE);
  const range = RANGES.find(([, span]) => now - opened + Math.min(pad, 30 * MINUTE) <= span)?.[0] ?? null;

  const narrowed = rule.groupBy !== null && incident.group !== null && incident.group !== "(none)" && !isOccurrenceMetric(rule.metric);
  const body = useMemo(() => {
    const b = ruleBody({ ...valuesFromRule(rule), mutedUntil: "" });
    if (narrowed) {
      b.filter = { ...(b.filter as object), [rule.groupBy!]: incident.group };
      b.groupBy = null;
    }
    return b;
  }, [rule, incident.group, narrowed]);
  const preview = useRulePreview(projectId, range ?? "24h", range ? body : null);
  const format = useCallback((v: number) => valueText(rule, v), [rule]);

  if (!range) {
    return <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">This incident opened more than 7 days ago, further back than the replay reaches.</p>;
  }
  if (preview.error) {
    return (
      <div role="alert" className="text-tremor-default text-red-700 dark:text-red-300">
        The chart could not be computed: {preview.error.message}{" "}
        <button type="button" className="font-medium underline" onClick={() => preview.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!preview.data) {
    return <div aria-busy="true" aria-label="Loading the chart" className="h-60 animate-pulse rounded-tremor-default bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle" />;
  }
  const from = new Date(Math.max(now - RANGES.find(([r]) => r === range)![1], opened - pad)).toISOString();
  const to = new Date(Math.min(now, closed + pad)).toISOString();
  const points = preview.data.series.filter((p) => p.t >= from && p.t <= to);
  const above = incident.comparator === ">" || incident.comparator === ">=";
  // An occurrence has no line to cross; a heartbeat's is "fewer than 1 event".
  const lines = METRICS[rule.metric].event
    ? []
    : [
        { value: incident.threshold, label: `Threshold ${incident.comparator} ${format(incident.threshold)}`, tone: "threshold" as const },
        ...(rule.resolveThreshold !== null && rule.resolveThreshold !== incident.threshold
          ? [{ value: rule.resolveThreshold, label: `Resolves ${above ? "≤" : "≥"} ${format(rule.resolveThreshold)}`, tone: "resolve" as const }]
          : []),
      ];
  return (
    <>
      <ThresholdChart
        points={points}
        lines={lines}
        spans={[{ from: incident.openedAt, to: incident.resolvedAt }]}
        format={format}
        from={from}
        to={to}
        seriesLabel={
          rule.metric === "heartbeat"
            ? `Events in the ${rule.windowMinutes}-minute window`
            : METRICS[rule.metric].event
            ? `${METRIC_LABELS[rule.metric]}: occurrences in the ${rule.windowMinutes}-minute window, all of the project's`
            : `Value of the ${rule.windowMinutes}-minute window${narrowed ? ` (${GROUP_LABELS[rule.groupBy!]} ${incident.group})` : ""}`
        }
        integers={countsWholeEvents(rule)}
        spanLabel="This incident"
        label={`The rule's value around the incident, against the threshold`}
      />
      <p className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
        Replayed from this project&apos;s rollups with the rule as it is defined now
        {narrowed ? `, for ${GROUP_LABELS[rule.groupBy!]} ${incident.group}` : ""}. Each point is the window ending at that minute.
      </p>
    </>
  );
}
