import type { Metadata } from "next";
import { dataPage } from "@/components/dashboard/awaiting-data";
import { DimensionPage } from "@/components/metrics/dimension-page";
import { formatCount, formatMs, formatRate } from "@/components/metrics/format";
import { MetricTable } from "@/components/metrics/metric-table";
import { getRequests } from "@/lib/analytics/dimensions";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Requests" };

type Route = Awaited<ReturnType<typeof getRequests>>["data"][number];

export default dataPage("requests", async ({ org, project, db, searchParams }) => {
  const range = rangeParam(searchParams.range);
  const window = resolveWindow({ range });
  const { data, series } = await getRequests(db, project.id, window);
  const base = `/${org.slug}/${project.slug}/requests`;
  return (
    <DimensionPage title="Requests" description="API routes by method" chartTitle="Requests" basePath={base} range={range} series={series} bucketMs={window.bucketMs}>
      <MetricTable<Route>
        rows={data}
        sort={searchParams.sort ?? "count"}
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
    </DimensionPage>
  );
});
