"use client";

import Link from "next/link";
import { windowSearch } from "@/components/dashboard/window-label";
import { useProjectView } from "@/components/query/project-view";
import type { getFunctions } from "@/lib/analytics/dimensions";
import type { WindowParams } from "@/lib/analytics/window";
import { DimensionPage } from "./dimension-page";
import { formatCount, formatMs, formatRate } from "./format";
import { MetricTable, type MetricColumn } from "./metric-table";

type FunctionsData = Awaited<ReturnType<typeof getFunctions>>;
type Fn = FunctionsData["data"][number];

const columns: MetricColumn<Fn>[] = [
  { key: "name", label: "Function", value: (r) => r.functionName },
  { key: "invocations", label: "Invocations", value: (r) => r.invocations, format: formatCount },
  { key: "errorRate", label: "Error rate", value: (r) => r.errorRate, format: formatRate },
  { key: "p50", label: "p50", value: (r) => r.duration.p50, format: formatMs },
  { key: "p95", label: "p95", value: (r) => r.duration.p95, format: formatMs },
  { key: "p99", label: "p99", value: (r) => r.duration.p99, format: formatMs },
  { key: "coldStartRate", label: "Cold starts", value: (r) => r.coldStartRate, format: formatRate },
];

/** Function names may hold slashes ("api/cart"): each segment is encoded, the catch-all route joins them. */
export function functionPath(base: string, name: string) {
  return `${base}/functions/${name.split("/").map(encodeURIComponent).join("/")}`;
}

interface ViewProps {
  projectId: string;
  window: WindowParams;
  basePath: string;
  bucketMs: number;
}

export function FunctionsView({ projectId, window, basePath, bucketMs }: ViewProps) {
  const query = useProjectView<FunctionsData>(projectId, "functions", window);
  return (
    <DimensionPage title="Functions" description="Serverless and edge functions" kind="invocation" window={window} query={query} bucketMs={bucketMs}>
      {(data) => (
        <MetricTable<Fn>
          title="By function"
          rows={data.data}
          columns={columns}
          defaultSort="invocations"
          rowKey={(r) => r.functionName}
          rowHref={(r) => `${functionPath(basePath, r.functionName)}?${windowSearch(window)}`}
          emptyText="No invocations in this window; choose a longer range."
          csvFilename="functions.csv"
        />
      )}
    </DimensionPage>
  );
}

/** One function: its KPIs, series and figures, with the same time controls. */
export function FunctionDetailView({ projectId, window, basePath, bucketMs, functionName }: ViewProps & { functionName: string }) {
  const query = useProjectView<FunctionsData>(projectId, "functions", { ...window, functionName });
  return (
    <>
      <p className="mb-2 text-tremor-default">
        <Link href={`${basePath}/functions?${windowSearch(window)}`} className="text-tremor-brand hover:underline">
          ← Functions
        </Link>
      </p>
      <DimensionPage title={functionName} description="One function" kind="invocation" window={window} query={query} bucketMs={bucketMs}>
        {(data) =>
          data.data.length === 0 ? (
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              {functionName} had no invocations in this window; choose a longer range.
            </p>
          ) : null
        }
      </DimensionPage>
    </>
  );
}
