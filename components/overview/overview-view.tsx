import { Card } from "@tremor/react";
import { SeriesChart } from "@/components/charts/series-chart";
import { PageHeader } from "@/components/ui/page-header";
import type { Overview } from "@/lib/analytics/overview";
import type { Range } from "@/lib/analytics/window";
import { RangePicker } from "./range-picker";

import { formatCount as count, formatMs as ms, formatRate as percent } from "@/components/metrics/format";

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card className="p-4" data-testid={`kpi-${label}`}>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{value}</p>
      {detail ? <p className="mt-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{detail}</p> : null}
    </Card>
  );
}

/** The Overview page with data: KPIs for the window and its series. */
export function OverviewView({ overview, range, basePath }: { overview: Overview; range: Range; basePath: string }) {
  const { totals, series } = overview;
  return (
    <>
      <PageHeader title="Overview" description={`Last ${range}, read from rollups.`} actions={<RangePicker basePath={basePath} current={range} />} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi label="Invocations" value={count(totals.invocations)} detail={`${percent(totals.invocationErrorRate)} errors`} />
        <Kpi label="Function p95" value={ms(totals.functionDuration.p95)} detail={`p50 ${ms(totals.functionDuration.p50)} · p99 ${ms(totals.functionDuration.p99)}`} />
        <Kpi label="Requests" value={count(totals.requests)} detail={`${percent(totals.requestErrorRate)} 5xx`} />
        <Kpi label="Errors" value={count(totals.errors)} detail={`${count(totals.openIssues)} open issues`} />
        <Kpi label="Deployments" value={count(totals.deployments)} detail={`${percent(totals.deploymentSuccessRate)} succeeded`} />
      </div>
      <Card className="mt-6">
        <h2 className="font-semibold">Traffic</h2>
        <SeriesChart data={series as unknown as Record<string, number | string>[]} categories={["invocations", "requests"]} colors={["indigo", "cyan"]} bucketMs={overview.window.bucketMs} />
      </Card>
      <Card className="mt-6">
        <h2 className="font-semibold">Errors</h2>
        <SeriesChart data={series as unknown as Record<string, number | string>[]} categories={["invocationErrors", "requestErrors", "errors"]} colors={["rose", "amber", "red"]} bucketMs={overview.window.bucketMs} />
      </Card>
    </>
  );
}
