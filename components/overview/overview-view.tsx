"use client";

import { Badge, Card } from "@tremor/react";
import Link from "next/link";
import type { ReactNode } from "react";
import { type ChartSeries, SeriesChart } from "@/components/charts/series-chart";
import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel } from "@/components/dashboard/window-label";
import { formatCount as count, formatMs as ms, formatRate as percent } from "@/components/metrics/format";
import { useProjectView } from "@/components/query/project-view";
import { KpiCard } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import type { Overview } from "@/lib/analytics/overview";
import { plural } from "@/lib/format/plural";
import type { WindowParams } from "@/lib/analytics/window";
import { DeploymentStatusBadge } from "@/components/deployments/status-badge";
import { deploymentHref, formatDuration, shortSha } from "@/components/deployments/format";
import type { DeploymentList } from "@/lib/analytics/deployments";
import { FiringBanner } from "./firing-banner";
import { RECENT_DEPLOYMENTS_PARAMS, TOP_ISSUES_PARAMS } from "./queries";

type Series = Record<string, number | string>[];

// Each chart's series with the words its legend shows, in colours no two series of a chart share.
const TRAFFIC: ChartSeries[] = [
  { key: "invocations", label: "Invocations", color: "indigo" },
  { key: "requests", label: "Requests", color: "cyan" },
];
const ERRORS: ChartSeries[] = [
  { key: "invocationErrors", label: "Function errors", color: "rose" },
  { key: "requestErrors", label: "Request errors (5xx)", color: "amber" },
  { key: "errors", label: "Error events", color: "fuchsia" },
];
const DEPLOYMENTS: ChartSeries[] = [{ key: "deployments", label: "Deployments started", color: "violet" }];


interface IssueRow {
  id: string;
  title: string;
  culprit: string | null;
  eventCount: number;
  lastSeen: string;
  regressed: boolean;
}

/** The Overview page with data: KPIs against the previous window, series, top issues. */
export function OverviewView({ projectId, window, basePath }: { projectId: string; window: WindowParams; basePath: string }) {
  const query = useProjectView<Overview>(projectId, "overview", window);
  const issues = useProjectView<{ data: IssueRow[] }>(projectId, "issues", TOP_ISSUES_PARAMS);
  const deployments = useProjectView<DeploymentList>(projectId, "deployments", { ...window, ...RECENT_DEPLOYMENTS_PARAMS });
  const header = (
    <>
      <PageHeader
        title="Overview"
        description={`Everything this project sent, ${windowLabel(window)}.`}
        actions={<TimeControls updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />}
      />
      <FiringBanner projectId={projectId} alertsHref={`${basePath}/alerts`} />
    </>
  );
  if (!query.data) return query.error ? <>{header}<ViewFailed error={query.error} retry={() => query.refetch()} /></> : <ViewSkeleton />;
  const { totals, previousTotals: prev, series, window: w } = query.data;
  return (
    <>
      {header}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <KpiCard label="Invocations" value={count(totals.invocations)} current={totals.invocations} previous={prev.invocations} detail={`${percent(totals.invocationErrorRate)} errors`} />
        <KpiCard
          label="Function p95"
          value={ms(totals.functionDuration.p95)}
          current={totals.functionDuration.p95}
          previous={prev.functionDuration.p95}
          better="down"
          detail={`p50 ${ms(totals.functionDuration.p50)} · p99 ${ms(totals.functionDuration.p99)}`}
        />
        <KpiCard label="Requests" value={count(totals.requests)} current={totals.requests} previous={prev.requests} detail={`${percent(totals.requestErrorRate)} 5xx`} />
        <KpiCard label="Errors" value={count(totals.errors)} current={totals.errors} previous={prev.errors} better="down" detail={plural(totals.openIssues, "open issue")} />
        <KpiCard
          label="Deployments"
          value={count(totals.deployments)}
          current={totals.deployments}
          previous={prev.deployments}
          detail={`${percent(totals.deploymentSuccessRate)} succeeded`}
        />
      </div>
      <Card className="mt-6">
        <h2 className="font-semibold">Traffic</h2>
        <SeriesChart data={series as unknown as Series} series={TRAFFIC} bucketMs={w.bucketMs} />
      </Card>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="font-semibold">Errors</h2>
          <SeriesChart data={series as unknown as Series} series={ERRORS} bucketMs={w.bucketMs} />
        </Card>
        <Card>
          <h2 className="font-semibold">Deployments</h2>
          <SeriesChart data={series as unknown as Series} series={DEPLOYMENTS} bucketMs={w.bucketMs} type="bar" allowDecimals={false} />
        </Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <ListCard
          testId="recent-deployments"
          title="Recent deployments"
          more={{ href: `${basePath}/deployments`, label: "All deployments →" }}
          items={deployments.data?.data}
          itemKey={(d) => d.deploymentId}
          emptyText="No deployment started in this window."
        >
          {(d) => (
            <>
              <Link href={deploymentHref(`${basePath}/deployments`, d.deploymentId)} className="flex min-w-0 items-center gap-2 hover:underline">
                <DeploymentStatusBadge status={d.status} />
                <code className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">{shortSha(d.commitSha)}</code>
                <span className="truncate text-tremor-content-strong dark:text-dark-tremor-content-strong">{d.commitMessage ?? d.deploymentId}</span>
              </Link>
              <span className="shrink-0 text-tremor-default tabular-nums text-tremor-content dark:text-dark-tremor-content">
                {d.branch ? `${d.branch} · ` : ""}
                {formatDuration(d.durationMs)}
              </span>
            </>
          )}
        </ListCard>
        <ListCard
          testId="top-issues"
          title="Top open issues"
          more={{ href: `${basePath}/errors`, label: "All issues →" }}
          items={issues.data?.data}
          itemKey={(issue) => issue.id}
          emptyText="No open issues. Errors your app sends are grouped here."
        >
          {(issue) => (
            <>
              <Link href={`${basePath}/errors/${issue.id}`} className="min-w-0 truncate font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                {issue.title}
                {issue.culprit ? <span className="ml-2 font-normal text-tremor-content dark:text-dark-tremor-content">{issue.culprit}</span> : null}
              </Link>
              <span className="flex shrink-0 items-center gap-2 text-tremor-default tabular-nums text-tremor-content dark:text-dark-tremor-content">
                {issue.regressed ? <Badge color="amber" size="xs">regressed</Badge> : null}
                {plural(issue.eventCount, "event")}
              </span>
            </>
          )}
        </ListCard>
      </div>
    </>
  );
}

/** A card of a few items (a row each) with a link to the page that lists them all. */
function ListCard<T>({
  testId,
  title,
  more,
  items,
  itemKey,
  emptyText,
  children: row,
}: {
  testId: string;
  title: string;
  more: { href: string; label: string };
  /** Undefined while loading: shown as empty, like an empty list. */
  items: T[] | undefined;
  itemKey: (item: T) => string;
  emptyText: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <Card data-testid={testId}>
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        <Link href={more.href} className="text-tremor-default text-tremor-brand hover:underline">
          {more.label}
        </Link>
      </div>
      {items && items.length > 0 ? (
        <ul className="mt-2 divide-y divide-tremor-border dark:divide-dark-tremor-border">
          {items.map((item) => (
            <li key={itemKey(item)} className="flex items-center justify-between gap-3 py-2">
              {row(item)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{emptyText}</p>
      )}
    </Card>
  );
}
