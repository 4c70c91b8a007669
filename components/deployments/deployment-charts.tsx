"use client";

import { BarChart } from "@tremor/react";
import type { DeploymentStats } from "@/lib/analytics/deployments";
import type { PaletteColor } from "@/components/ui/palette";

const count = (v: number) => Intl.NumberFormat("en-US").format(v);

/** Deployments started per UTC day, stacked by outcome. */
export function DeploymentTimelineChart({ byDay }: { byDay: DeploymentStats["byDay"] }) {
  const data = byDay.map((d) => ({
    day: new Date(`${d.day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" }),
    Succeeded: d.succeeded,
    Failed: d.failed,
    Other: d.other,
  }));
  return (
    <BarChart
      className="h-56"
      data={data}
      index="day"
      categories={["Succeeded", "Failed", "Other"]}
      colors={["emerald", "rose", "gray"] satisfies PaletteColor[]}
      stack
      allowDecimals={false}
      showAnimation={false}
      valueFormatter={count}
      yAxisWidth={36}
    />
  );
}

/** Finished deployments per duration bucket. */
export function DurationDistributionChart({ histogram }: { histogram: DeploymentStats["durationHistogram"] }) {
  return (
    <BarChart
      className="h-56"
      data={histogram.map((b) => ({ duration: b.label, Deployments: b.count }))}
      index="duration"
      categories={["Deployments"]}
      colors={["indigo"] satisfies PaletteColor[]}
      allowDecimals={false}
      showAnimation={false}
      showLegend={false}
      valueFormatter={count}
      yAxisWidth={36}
    />
  );
}
