"use client";

import { Card } from "@tremor/react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { SeriesChart } from "@/components/charts/series-chart";
import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel } from "@/components/dashboard/window-label";
import { PageHeader } from "@/components/ui/page-header";
import type { KindSummary } from "@/lib/analytics/compare";
import type { DimensionPoint } from "@/lib/analytics/dimensions";
import type { WindowParams } from "@/lib/analytics/window";
import { SummaryKpis } from "./summary-kpis";

export interface DimensionData {
  series: DimensionPoint[];
  summary: KindSummary;
  previousSummary: KindSummary;
}

type Series = Record<string, number | string>[];

/**
 * The frame of a per-dimension page (Functions, Requests and their detail pages): header
 * with time controls, KPIs against the previous window, volume and p95 series, then the
 * page's own content.
 */
export function DimensionPage<T extends DimensionData>({
  title,
  description,
  kind,
  window,
  query,
  bucketMs,
  children,
}: {
  title: string;
  description: string;
  kind: "invocation" | "request";
  window: WindowParams;
  query: UseQueryResult<T>;
  bucketMs: number;
  children: (data: T) => ReactNode;
}) {
  const header = (
    <PageHeader title={title} description={`${description}, ${windowLabel(window)}.`} actions={<TimeControls updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />} />
  );
  if (!query.data) return query.error ? <>{header}<ViewFailed error={query.error} retry={() => query.refetch()} /></> : <ViewSkeleton />;
  const data = query.data;
  return (
    <>
      {header}
      <SummaryKpis kind={kind} summary={data.summary} previous={data.previousSummary} />
      {/* Each bucket's p95 is answered for one function or route (detail pages), not for all at once. */}
      <div className={`mb-6 grid gap-6 ${data.series.some((p) => p.p95 !== null) ? "lg:grid-cols-2" : ""}`}>
        <Card>
          <h2 className="font-semibold">{kind === "invocation" ? "Invocations" : "Requests"}</h2>
          <SeriesChart
            data={data.series as unknown as Series}
            series={
              kind === "invocation"
                ? [{ key: "count", label: "Invocations", color: "indigo" }, { key: "errors", label: "Failed invocations", color: "rose" }]
                : [{ key: "count", label: "Requests", color: "indigo" }, { key: "errors", label: "Errors (5xx)", color: "rose" }]
            }
            bucketMs={bucketMs}
          />
        </Card>
        {data.series.some((p) => p.p95 !== null) ? (
          <Card>
            <h2 className="font-semibold">p95 {kind === "invocation" ? "duration" : "latency"} (ms)</h2>
            <SeriesChart data={data.series as unknown as Series} series={[{ key: "p95", label: "p95 (ms)", color: "amber" }]} bucketMs={bucketMs} />
          </Card>
        ) : null}
      </div>
      {children(data)}
    </>
  );
}
