import { Card } from "@tremor/react";
import type { ReactNode } from "react";
import { SeriesChart } from "@/components/charts/series-chart";
import { RangePicker } from "@/components/overview/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import type { DimensionPoint } from "@/lib/analytics/dimensions";
import type { Range } from "@/lib/analytics/window";

/** The frame of a per-dimension page (Functions, Requests): header, range, series, then its table. */
export function DimensionPage({
  title,
  description,
  chartTitle,
  basePath,
  range,
  series,
  bucketMs,
  children,
}: {
  title: string;
  description: string;
  chartTitle: string;
  basePath: string;
  range: Range;
  series: DimensionPoint[];
  bucketMs: number;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={`${description}, last ${range}.`} actions={<RangePicker basePath={basePath} current={range} />} />
      <Card className="mb-6">
        <h2 className="font-semibold">{chartTitle}</h2>
        <SeriesChart data={series as never} categories={["count", "errors"]} colors={["indigo", "rose"]} bucketMs={bucketMs} />
      </Card>
      {children}
    </>
  );
}
