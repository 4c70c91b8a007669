import { Card } from "@tremor/react";
import type { Metadata } from "next";
import { SeriesChart } from "@/components/charts/series-chart";
import { awaitingDataPage } from "@/components/dashboard/awaiting-data";
import { formatCount, formatMs, formatRate } from "@/components/metrics/format";
import { MetricTable } from "@/components/metrics/metric-table";
import { RangePicker } from "@/components/overview/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getRequests } from "@/lib/analytics/dimensions";
import { hasTelemetry } from "@/lib/analytics/overview";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Requests" };

const Empty = awaitingDataPage("requests");
type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ range?: string; sort?: string }> };
type Route = Awaited<ReturnType<typeof getRequests>>["data"][number];

export default async function RequestsPage({ params, searchParams }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  if (!(await hasTelemetry(db, project.id))) return <Empty params={params} />;
  const { range: rangeValue, sort = "count" } = await searchParams;
  const range = rangeParam(rangeValue);
  const window = resolveWindow({ range });
  const { data, series } = await getRequests(db, project.id, window);
  const base = `/${org.slug}/${project.slug}/requests`;
  return (
    <>
      <PageHeader title="Requests" description={`API routes by method, last ${range}.`} actions={<RangePicker basePath={base} current={range} />} />
      <Card className="mb-6">
        <h2 className="font-semibold">Requests</h2>
        <SeriesChart data={series as never} categories={["count", "errors"]} colors={["indigo", "rose"]} bucketMs={window.bucketMs} />
      </Card>
      <MetricTable<Route>
        rows={data}
        sort={sort}
        hrefForSort={(key) => `${base}?range=${range}&sort=${key}`}
        rowKey={(r) => `${r.method} ${r.route}`}
        emptyText="No requests in this window; choose a longer range."
        columns={[
          { key: "route", label: "Route", value: (r) => `${r.method} ${r.route}` },
          { key: "count", label: "Requests", value: (r) => r.count, format: formatCount },
          { key: "rate4xx", label: "4xx", value: (r) => r.rate4xx, format: formatRate },
          { key: "rate5xx", label: "5xx", value: (r) => r.rate5xx, format: formatRate },
          { key: "p50", label: "p50", value: (r) => r.latency.p50, format: formatMs },
          { key: "p95", label: "p95", value: (r) => r.latency.p95, format: formatMs },
          { key: "p99", label: "p99", value: (r) => r.latency.p99, format: formatMs },
        ]}
      />
    </>
  );
}
