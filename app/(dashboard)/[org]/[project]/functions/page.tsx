import type { Metadata } from "next";
import { dataPage } from "@/components/dashboard/awaiting-data";
import { DimensionPage } from "@/components/metrics/dimension-page";
import { formatCount, formatMs, formatRate } from "@/components/metrics/format";
import { MetricTable } from "@/components/metrics/metric-table";
import { getFunctions } from "@/lib/analytics/dimensions";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Functions" };

type Fn = Awaited<ReturnType<typeof getFunctions>>["data"][number];

export default dataPage("functions", async ({ org, project, db, searchParams }) => {
  const range = rangeParam(searchParams.range);
  const window = resolveWindow({ range });
  const { data, series } = await getFunctions(db, project.id, window);
  const base = `/${org.slug}/${project.slug}/functions`;
  return (
    <DimensionPage title="Functions" description="Serverless and edge functions" chartTitle="Invocations" basePath={base} range={range} series={series} bucketMs={window.bucketMs}>
      <MetricTable<Fn>
        rows={data}
        sort={searchParams.sort ?? "invocations"}
        hrefForSort={(key) => `${base}?range=${range}&sort=${key}`}
        rowKey={(r) => r.functionName}
        emptyText="No invocations in this window; choose a longer range."
        columns={[
          { key: "name", label: "Function", value: (r) => r.functionName },
          { key: "invocations", label: "Invocations", value: (r) => r.invocations, format: formatCount },
          { key: "errorRate", label: "Error rate", value: (r) => r.errorRate, format: formatRate },
          { key: "p50", label: "p50", value: (r) => r.duration.p50, format: formatMs },
          { key: "p95", label: "p95", value: (r) => r.duration.p95, format: formatMs },
          { key: "p99", label: "p99", value: (r) => r.duration.p99, format: formatMs },
          { key: "coldStartRate", label: "Cold starts", value: (r) => r.coldStartRate, format: formatRate },
        ]}
      />
    </DimensionPage>
  );
});
