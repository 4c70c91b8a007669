"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useCallback, type ReactNode } from "react";
import { ThresholdChart } from "@/components/charts/threshold-chart";
import { isOccurrenceMetric, METRICS } from "@/lib/alerts/catalog";
import type { Preview } from "@/lib/alerts/preview";
import { ApiProblem } from "./api";
import { aggregationLabel, countsWholeEvents, duration, formatUtc, METRIC_LABELS, valueText } from "./format";
import type { RuleFormValues } from "./form-values";
import type { PreviewRange } from "./queries";

const RANGE_WORDS: Record<PreviewRange, string> = { "1h": "hour", "24h": "24 hours", "7d": "7 days" };
const SHOWN_TIMES = 5;

/** What the preview's line is, for its legend: "LCP (p75)", "Request events in the window", "API latency (p95)". */
function seriesName(values: RuleFormValues): string {
  const { metric, aggregation, compareTo, filter } = values;
  if (metric === "heartbeat") return `${filter.type ? `${filter.type[0].toUpperCase()}${filter.type.slice(1)} events` : "Events"} in the window`;
  if (isOccurrenceMetric(metric)) return `${METRIC_LABELS[metric]}: occurrences in the window`;
  if (compareTo) return `${METRIC_LABELS[metric]} (% change)`;
  if (metric === "vital" && filter.vital) return `${filter.vital} (${aggregation})`;
  return METRICS[metric].aggregations.length > 1 ? `${METRIC_LABELS[metric]} (${aggregationLabel(metric, aggregation).toLowerCase()})` : METRIC_LABELS[metric];
}

/** "once", "twice", "3 times". */
function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n.toLocaleString("en-US")} times`;
}

/**
 * The live preview beside the rule form: the rule replayed minute by minute over the last
 * 24 hours or 7 days (POST /alert-rules/preview, the tick's own evaluator), drawn against its
 * threshold, with when it would have fired. An incomplete rule (the API's 400) is said to be
 * so, with what is missing, rather than shown as an error.
 */
export function RulePreview({
  values,
  range,
  onRange,
  preview,
  waiting,
  missingThreshold,
  problem,
}: {
  values: RuleFormValues;
  range: PreviewRange;
  onRange: (range: PreviewRange) => void;
  preview: UseQueryResult<Preview, Error>;
  /** The form changed and the preview has not been asked yet (debounce). */
  waiting: boolean;
  missingThreshold: boolean;
  problem: ApiProblem | null;
}) {
  const { metric, aggregation, compareTo } = values;
  const vital = values.filter.vital;
  const format = useCallback(
    (v: number) => valueText({ metric, aggregation, compareTo: compareTo ? "previous_window" : null, filter: vital ? { vital } : {} }, v),
    [metric, aggregation, compareTo, vital],
  );
  const occurrence = isOccurrenceMetric(values.metric);
  // A heartbeat fires below its threshold whatever the form's comparator says (the API fixes it).
  const comparator = values.metric === "heartbeat" ? "<" : values.comparator;
  const data = problem || missingThreshold ? undefined : preview.data;
  const updating = waiting || preview.isFetching;

  let body: ReactNode;
  if (missingThreshold) {
    body = <Incomplete messages={["Set the threshold the value is compared with."]} />;
  } else if (problem) {
    body = <Incomplete messages={problem.errors.length ? problem.errors.map((e) => e.message) : [problem.message]} />;
  } else if (preview.error) {
    body = (
      <div role="alert" className="rounded-tremor-default bg-red-50 px-3 py-2 text-tremor-default text-red-700 dark:bg-red-950 dark:text-red-300">
        <p>The preview could not be computed: {preview.error.message}</p>
        <button type="button" onClick={() => preview.refetch()} className="mt-1 font-medium underline">
          Try again
        </button>
      </div>
    );
  } else if (!data) {
    body = (
      <div aria-busy="true" aria-label="Loading the preview" className="h-60 animate-pulse rounded-tremor-default bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle" />
    );
  } else {
    // An occurrence has no line to cross; a heartbeat's is "fewer than 1 event".
    const lines = METRICS[values.metric].event
      ? []
      : [
          { value: data.threshold, label: `Threshold ${comparator} ${format(data.threshold)}`, tone: "threshold" as const },
          ...(data.resolveThreshold !== null && data.resolveThreshold !== data.threshold
            ? [{ value: data.resolveThreshold, label: `Resolves ${comparator.startsWith(">") ? "≤" : "≥"} ${format(data.resolveThreshold)}`, tone: "resolve" as const }]
            : []),
        ];
    const subject = seriesName(values);
    body = (
      <div className={updating ? "opacity-60 transition-opacity" : "transition-opacity"}>
        <ThresholdChart
          points={data.series}
          lines={lines}
          spans={data.incidents}
          format={format}
          seriesLabel={subject}
          spanLabel="Would have fired"
          integers={countsWholeEvents({ metric, aggregation, compareTo: compareTo ? "previous_window" : null })}
          label={`${subject} over the last ${RANGE_WORDS[range]}, against the threshold`}
          height={220}
        />
        <p className="mt-3 text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong" data-testid="would-fire">
          {data.wouldFire === 0 ? `This rule would not have fired in the last ${RANGE_WORDS[range]}.` : `This rule would have fired ${times(data.wouldFire)} in the last ${RANGE_WORDS[range]}.`}
        </p>
        {data.incidents.length ? (
          <ul className="mt-1 space-y-0.5 text-tremor-label tabular-nums text-tremor-content dark:text-dark-tremor-content" aria-label="When it would have fired">
            {data.incidents.slice(-SHOWN_TIMES).reverse().map((i) => (
              <li key={i.from}>
                {formatUtc(i.from)} · {i.to ? `for ${duration(i.from, i.to)}` : "still firing at the end"}
                {!occurrence && i.peak !== null ? ` · peak ${format(i.peak)}` : ""}
              </li>
            ))}
            {data.incidents.length > SHOWN_TIMES ? <li>and {data.incidents.length - SHOWN_TIMES} earlier</li> : null}
          </ul>
        ) : null}
        {values.groupBy ? <p className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">A grouped rule is previewed as one series over all its groups; live, each group fires on its own.</p> : null}
        {occurrence && values.metric !== "heartbeat" ? (
          <p className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">Live, each occurrence opens its own incident; the preview merges those that overlap.</p>
        ) : null}
      </div>
    );
  }

  return (
    <section className="rounded-tremor-default border border-tremor-border bg-tremor-background p-5 shadow-tremor-card dark:border-dark-tremor-border dark:bg-dark-tremor-background" aria-labelledby="preview-heading" data-testid="rule-preview">
      <div className="mb-3 flex items-center justify-between gap-2">
        <div>
          <h2 id="preview-heading" className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">
            Preview
          </h2>
          <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" aria-live="polite">
            {updating && !problem && !missingThreshold ? "Replaying…" : "Replayed on this project's past minutes."}
          </p>
        </div>
        <div role="group" aria-label="Preview range" className="inline-flex rounded-tremor-default border border-tremor-border p-0.5 dark:border-dark-tremor-border">
          {(["24h", "7d"] as const).map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => onRange(r)}
              className={`rounded-tremor-small px-2.5 py-0.5 text-tremor-label ${range === r ? "bg-tremor-brand text-white" : "text-tremor-content hover:bg-tremor-background-subtle dark:text-dark-tremor-content"}`}
            >
              {r}
            </button>
          ))}
        </div>
      </div>
      {body}
    </section>
  );
}

function Incomplete({ messages }: { messages: string[] }) {
  return (
    <div className="rounded-tremor-default border border-dashed border-tremor-border px-4 py-6 dark:border-dark-tremor-border" data-testid="preview-incomplete">
      <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">The rule is not complete yet</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <p className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">The preview appears as soon as the rule can be evaluated.</p>
    </div>
  );
}
