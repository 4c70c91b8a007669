"use client";

import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel, windowSearch } from "@/components/dashboard/window-label";
import { formatCount } from "@/components/metrics/format";
import { useProjectView } from "@/components/query/project-view";
import { KpiCard } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import type { Overview } from "@/lib/analytics/overview";
import type { WindowParams } from "@/lib/analytics/window";
import { IssueList, type IssueRow } from "./issue-list";

export interface IssueFilters {
  status: "unresolved" | "resolved" | "ignored";
  sort: "lastSeen" | "events";
  q?: string;
  cursor?: string;
}

/** The Errors page: error KPIs against the previous window, then the issues seen in the window. */
export function ErrorsView({ projectId, window, filters, basePath }: { projectId: string; window: WindowParams; filters: IssueFilters; basePath: string }) {
  const overview = useProjectView<Overview>(projectId, "overview", window);
  const list = useProjectView<{ data: IssueRow[]; nextCursor: string | null }>(projectId, "issues", { ...window, ...filters });
  const header = (
    <PageHeader
      title="Errors"
      description={`Exceptions grouped into issues by fingerprint, ${windowLabel(window)}.`}
      actions={<TimeControls updatedAt={list.dataUpdatedAt} fetching={list.isFetching} />}
    />
  );
  if (!list.data || !overview.data) {
    const error = list.error ?? overview.error;
    return error ? <>{header}<ViewFailed error={error} retry={() => (list.refetch(), overview.refetch())} /></> : <ViewSkeleton />;
  }
  const { totals, previousTotals } = overview.data;
  return (
    <>
      {header}
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <KpiCard label="Error events" value={formatCount(totals.errors)} current={totals.errors} previous={previousTotals.errors} better="down" />
        <KpiCard label="Open issues" value={formatCount(totals.openIssues)} detail="unresolved, whenever last seen" />
        <KpiCard label="Error log lines" value={formatCount(totals.logErrors)} current={totals.logErrors} previous={previousTotals.logErrors} better="down" />
      </div>
      <IssueList
        basePath={`${basePath}/errors`}
        windowSearch={windowSearch(window)}
        issues={list.data.data}
        status={filters.status}
        q={filters.q}
        sort={filters.sort}
        nextCursor={list.data.nextCursor}
      />
    </>
  );
}
