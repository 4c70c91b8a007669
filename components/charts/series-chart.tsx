"use client";

import { AreaChart, BarChart } from "@tremor/react";
import type { PaletteColor } from "@/components/ui/palette";
import { bucketLabel } from "@/components/charts/bucket-label";

/** One series of a chart: the data key it reads, the label its legend and tooltip show, and its colour. */
export interface ChartSeries {
  key: string;
  label: string;
  color: PaletteColor;
}

/**
 * A bucketed series over time; `t` is the bucket start (ISO). Legends and tooltips show each
 * series' `label`, never its data key, and every series of a chart should get its own colour.
 * `type="bar"` is for counts of discrete things (deployments), where a line between buckets
 * suggests values that never existed.
 */
export function SeriesChart({
  data,
  series,
  bucketMs,
  type = "area",
  allowDecimals = true,
}: {
  data: Record<string, number | string | null>[];
  series: ChartSeries[];
  bucketMs: number;
  type?: "area" | "bar";
  allowDecimals?: boolean;
}) {
  // Tremor names legend entries and tooltip rows after the data keys, so rows are re-keyed by label.
  const rows = data.map((p) => {
    const row: Record<string, number | string | null> = { time: bucketLabel(String(p.t), bucketMs) };
    for (const s of series) row[s.label] = p[s.key] ?? null;
    return row;
  });
  const props = {
    className: "h-64",
    data: rows,
    index: "time",
    categories: series.map((s) => s.label),
    colors: series.map((s) => s.color),
    showAnimation: false,
    allowDecimals,
    valueFormatter: (v: number) => Intl.NumberFormat("en-US", { notation: "compact" }).format(v),
    yAxisWidth: 48,
  };
  return type === "bar" ? <BarChart {...props} /> : <AreaChart {...props} />;
}
