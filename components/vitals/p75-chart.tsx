"use client";

import { LineChart } from "@tremor/react";
import type { VitalName } from "@/lib/analytics/vitals";
import type { VitalPoint } from "@/lib/analytics/web-vitals";
import { formatVital } from "./format";
import type { PaletteColor } from "@/components/ui/palette";
import { bucketLabel } from "@/components/charts/bucket-label";

/**
 * p75 per bucket as lines. Real-user samples are often sparse (a quiet route has none in
 * most 5-minute buckets), and an area chart draws isolated points as nothing, so the line
 * connects across empty (null) buckets instead of dropping to a misleading zero.
 * Props are plain data so the server page can render it (no functions cross the boundary).
 */
export function P75Chart({ series, bucketMs, names }: { series: VitalPoint[]; bucketMs: number; names: VitalName[] }) {
  return (
    <LineChart
      className="h-64"
      data={series.map((p) => ({ ...p, time: bucketLabel(p.t, bucketMs) }))}
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
