"use client";

import { Card } from "@tremor/react";
import Link from "next/link";
import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel } from "@/components/dashboard/window-label";
import { formatCount, formatRate } from "@/components/metrics/format";
import { useProjectView } from "@/components/query/project-view";
import { CsvDownload } from "@/components/ui/csv-download";
import { KpiCard } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import type { DeploymentList } from "@/lib/analytics/deployments";
import type { Overview } from "@/lib/analytics/overview";
import type { WindowParams } from "@/lib/analytics/window";
import { DeploymentTimelineChart, DurationDistributionChart } from "./deployment-charts";
import { DeploymentFilters } from "./deployment-filters";
import { DeploymentsTable } from "./deployments-table";
import { deploymentsHref, formatDuration, type DeploymentsViewState } from "./format";

export interface DeploymentFilterState {
  status?: string;
  environment?: string;
  branch?: string;
  cursor?: string;
}

/**
 * The Deployments page with data: KPIs (against the previous window), per-day outcomes, the
 * duration distribution and the filterable list, fed by `GET /deployments` and the overview.
 */
export function DeploymentsView({ projectId, window, filters, basePath }: { projectId: string; window: WindowParams; filters: DeploymentFilterState; basePath: string }) {
  const query = useProjectView<DeploymentList>(projectId, "deployments", { ...window, ...filters });
  const overview = useProjectView<Overview>(projectId, "overview", window);
  const state: DeploymentsViewState = { ...window, ...filters };
  const filtered = Boolean(filters.status || filters.environment || filters.branch);
  const header = (
    <PageHeader
      title="Deployments"
      description={`Every deployment, its outcome and how long it took — ${filtered ? "matching deployments, " : ""}${windowLabel(window)}.`}
      actions={<TimeControls updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />}
    />
  );
  if (!query.data) return query.error ? <>{header}<ViewFailed error={query.error} retry={() => query.refetch()} /></> : <ViewSkeleton />;
  const list = query.data;
  const { stats } = list;
  // The previous window's figures are unfiltered (overview totals), so only unfiltered views compare.
  const prev = !filtered ? overview.data?.previousTotals : undefined;
  return (
    <>
      {header}
      <DeploymentFilters basePath={basePath} state={state} facets={list.facets} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <KpiCard label="Deployments" value={formatCount(stats.total)} current={prev ? stats.total : undefined} previous={prev?.deployments} detail={`${formatCount(stats.finished)} finished`} />
        <KpiCard
          label="Success rate"
          value={formatRate(stats.successRate)}
          current={prev ? stats.successRate : undefined}
          previous={prev?.deploymentSuccessRate}
          better="up"
          detail={`${formatRate(stats.failureRate)} failed`}
        />
        <KpiCard label="Average duration" value={formatDuration(stats.duration.avg)} detail="of finished deployments" />
        <KpiCard label="p95 duration" value={formatDuration(stats.duration.p95)} detail="of finished deployments" />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="font-semibold">Deployments per day</h2>
          <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">UTC days; “other” is started, building or canceled.</p>
          <DeploymentTimelineChart byDay={stats.byDay} />
        </Card>
        <Card>
          <h2 className="font-semibold">Duration distribution</h2>
          <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">Finished deployments, start to final state.</p>
          <DurationDistributionChart histogram={stats.durationHistogram} />
        </Card>
      </div>
      <Card className="mt-6">
        <div className="mb-2 flex items-center justify-between gap-2">
          <h2 className="font-semibold">Deployments</h2>
          {list.data.length > 0 ? (
            <CsvDownload
              filename="deployments.csv"
              header={["deployment", "status", "environment", "commit", "branch", "message", "framework", "url", "started", "finished", "duration ms"]}
              rows={() => list.data.map((d) => [d.deploymentId, d.status, d.environment, d.commitSha, d.branch, d.commitMessage, d.framework, d.url, d.startedAt, d.finishedAt, d.durationMs])}
            />
          ) : null}
        </div>
        {list.data.length === 0 ? (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="deployments-empty">
            {filtered ? (
              <>
                No deployment matches these filters, {windowLabel(window)}.{" "}
                <Link href={deploymentsHref(basePath, { ...window })} className="text-tremor-brand hover:underline">
                  Clear filters
                </Link>
              </>
            ) : (
              `No deployment started ${windowLabel(window)}; choose a longer range.`
            )}
          </p>
        ) : (
          <DeploymentsTable items={list.data} basePath={basePath} />
        )}
      </Card>
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-tremor-default">
        {filters.cursor ? (
          <Link className="text-tremor-brand hover:underline" href={deploymentsHref(basePath, { ...state, cursor: undefined })}>
            ← Newest
          </Link>
        ) : null}
        {list.nextCursor ? (
          <Link className="text-tremor-brand hover:underline" href={deploymentsHref(basePath, { ...state, cursor: list.nextCursor })}>
            Older deployments →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
