import { Card } from "@tremor/react";
import type { VitalPoint } from "@/lib/analytics/web-vitals";
import { P75Chart } from "./p75-chart";

/**
 * The p75 series. The four timings share one millisecond axis; CLS is a unitless score
 * orders of magnitude smaller, so it gets its own chart rather than a flat line at 0.
 */
export function VitalsCharts({ series, bucketMs }: { series: VitalPoint[]; bucketMs: number }) {
  return (
    <div className="mt-6 grid gap-4 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <h2 className="font-semibold">p75 timings</h2>
        <P75Chart series={series} bucketMs={bucketMs} names={["LCP", "FCP", "TTFB", "INP"]} />
      </Card>
      <Card>
        <h2 className="font-semibold">p75 CLS</h2>
        <P75Chart series={series} bucketMs={bucketMs} names={["CLS"]} />
      </Card>
    </div>
  );
}
