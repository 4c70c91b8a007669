"use client";

import { SparkAreaChart } from "@tremor/react";
import type { PaletteColor } from "@/components/ui/palette";

/** A tiny trend line (e.g. 14 daily counts). */
export function Sparkline({ values, color = "indigo" }: { values: number[]; color?: PaletteColor }) {
  return <SparkAreaChart data={values.map((v, i) => ({ i, v }))} index="i" categories={["v"]} colors={[color]} className="h-8 w-28" />;
}
