"use client";

import { AreaChart } from "@tremor/react";
import type { PaletteColor } from "@/components/ui/palette";

/** A stacked-free area chart of a bucketed series; `t` is the bucket start (ISO). */
export function SeriesChart({
  data,
  categories,
  colors,
  bucketMs,
}: {
  data: Record<string, number | string>[];
  categories: string[];
  colors: PaletteColor[];
  bucketMs: number;
}) {
  const label = (iso: string) => {
    const d = new Date(iso);
    if (bucketMs >= 86_400_000) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    if (bucketMs >= 3_600_000) return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
    return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  };
  return (
    <AreaChart
      className="h-64"
      data={data.map((p) => ({ ...p, time: label(String(p.t)) }))}
      index="time"
      categories={categories}
      colors={colors}
      showAnimation={false}
      valueFormatter={(v) => Intl.NumberFormat("en-US", { notation: "compact" }).format(v)}
      yAxisWidth={48}
    />
  );
}
