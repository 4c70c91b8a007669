"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel } from "@/components/dashboard/window-label";
import { useProjectView } from "@/components/query/project-view";
import { PageHeader } from "@/components/ui/page-header";
import type { VitalsReport } from "@/lib/analytics/web-vitals";
import type { WindowParams } from "@/lib/analytics/window";
import { VitalsRouteTable, type VitalsSort } from "./route-table";
import { VitalCard } from "./vital-card";
import { VitalsCharts } from "./vitals-charts";

/** The Vitals page with data: p75 per vital against the previous window, series, and routes. */
export function VitalsView({ projectId, window, sort, route }: { projectId: string; window: WindowParams; sort: VitalsSort; route?: string }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const query = useProjectView<VitalsReport>(projectId, "vitals", { ...window, route });
  const href = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    return `${pathname}?${next}`;
  };
  const header = (
    <PageHeader
      title="Web Vitals"
      description={
        route ? (
          <>
            Real-user p75 on <code>{route}</code>, {windowLabel(window)}.{" "}
            <Link href={href({ route: undefined })} className="text-tremor-brand hover:underline">
              All routes
            </Link>
          </>
        ) : (
          `Real-user p75 across all routes, ${windowLabel(window)}.`
        )
      }
      actions={<TimeControls updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />}
    />
  );
  if (!query.data) return query.error ? <>{header}<ViewFailed error={query.error} retry={() => query.refetch()} /></> : <ViewSkeleton kpis={5} />;
  const report = query.data;
  return (
    <>
      {header}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {report.summary.map((vital) => (
          <VitalCard key={vital.name} vital={vital} previous={report.previousSummary.find((p) => p.name === vital.name)} />
        ))}
      </div>
      <VitalsCharts series={report.series} bucketMs={report.window.bucketMs} />
      <VitalsRouteTable rows={report.data} sort={sort} hrefForSort={(key) => href({ sort: key })} hrefForRoute={(r) => href({ route: r })} />
    </>
  );
}
