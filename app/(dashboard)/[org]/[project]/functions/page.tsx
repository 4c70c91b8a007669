import { Card } from "@tremor/react";
import type { Metadata } from "next";
import { SeriesChart } from "@/components/charts/series-chart";
import { awaitingDataPage } from "@/components/dashboard/awaiting-data";
import { formatCount, formatMs, formatRate } from "@/components/metrics/format";
import { MetricTable } from "@/components/metrics/metric-table";
import { RangePicker } from "@/components/overview/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getFunctions } from "@/lib/analytics/dimensions";
import { hasTelemetry } from "@/lib/analytics/overview";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Functions" };

const Empty = awaitingDataPage("functions");
type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ range?: string; sort?: string }> };
type Fn = Awaited<ReturnType<typeof getFunctions>>["data"][number];

export default async function FunctionsPage({ params, searchParams }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  if (!(await hasTelemetry(db, project.id))) return <Empty params={params} />;
  const { range: rangeValue, sort = "invocations" } = await searchParams;
  const range = rangeParam(rangeValue);
  const window = resolveWindow({ range });
  const { data, series } = await getFunctions(db, project.id, window);
  const base = `/${org.slug}/${project.slug}/functions`;
  return (
    <>
      <PageHeader title="Functions" description={`Serverless and edge functions, last ${range}.`} actions={<RangePicker basePath={base} current={range} />} />
      <Card className="mb-6">
        <h2 className="font-semibold">Invocations</h2>
        <SeriesChart data={series as never} categories={["count", "errors"]} colors={["indigo", "rose"]} bucketMs={window.bucketMs} />
      </Card>
      <MetricTable<Fn>
        rows={data}
        sort={sort}
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
    </>
  );
}
