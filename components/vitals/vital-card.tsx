import { Card } from "@tremor/react";
import type { VitalSummary } from "@/lib/analytics/web-vitals";
import { plural } from "@/lib/format/plural";
import { formatVital, RATING_LABELS, RATING_TEXT, thresholdText, VITAL_LABELS } from "./format";
import { ShareBar } from "./share-bar";
import { Change as ChangeLine } from "@/components/ui/kpi-card";

/** One vital's KPI: its p75 coloured by rating, the rating in words, and the share of each rating among samples. */
export function VitalCard({ vital, previous }: { vital: VitalSummary; previous?: VitalSummary }) {
  const tone = vital.rating ? RATING_TEXT[vital.rating] : "text-tremor-content-strong dark:text-dark-tremor-content-strong";
  return (
    <Card className="p-4" data-testid={`vital-${vital.name}`}>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content" title={VITAL_LABELS[vital.name]}>
        {vital.name} <span className="text-tremor-label">p75</span>
      </p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{formatVital(vital.name, vital.p75)}</p>
      <p className={`text-tremor-label ${vital.rating ? RATING_TEXT[vital.rating] : "text-tremor-content dark:text-dark-tremor-content"}`}>
        {vital.rating ? RATING_LABELS[vital.rating] : "No samples"}
      </p>
      {previous ? <ChangeLine current={vital.p75} previous={previous.p75} /> : null}
      <div className="mt-3">
        <ShareBar shares={vital.shares} />
      </div>
      <p className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
        {plural(vital.count, "sample")} · {thresholdText(vital.name)}
      </p>
    </Card>
  );
}
