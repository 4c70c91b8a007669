"use client";

import { LineChart } from "@tremor/react";
import type { VitalName } from "@/lib/analytics/vitals";
import type { VitalPoint } from "@/lib/analytics/web-vitals";
import { formatVital } from "./format";
import type { PaletteColor } from "@/components/ui/palette";

/**
 * p75 per bucket as lines. Real-user samples are often sparse (a quiet route has none in
 * most 5-minute buckets), and an area chart draws isolated points as nothing, so the line
 * connects across empty (null) buckets instead of dropping to a misleading zero.
 * Props are plain data so the server page can render it (no functions cross the boundary).
 */
export function P75Chart({ series, bucketMs, names }: { series: VitalPoint[]; bucketMs: number; names: VitalName[] }) {
  const label = (iso: string) => {
    const d = new Date(iso);
    if (bucketMs >= 86_400_000) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    if (bucketMs >= 3_600_000) return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
    return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  };
  return (
    <LineChart
      className="h-64"
      data={series.map((p) => ({ ...p, time: label(p.t) }))}
      index="time"
      categories={names}
      colors={["indigo", "cyan", "violet", "fuchsia"] satisfies PaletteColor[]}
      connectNulls
      showAnimation={false}
      // One chart holds either timings or CLS, never both, so the first name decides the unit.
      valueFormatter={(v) => formatVital(names[0], v)}
      yAxisWidth={56}
    />
  );
}
