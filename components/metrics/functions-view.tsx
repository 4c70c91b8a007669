"use client";

import { windowSearch } from "@/components/dashboard/window-label";
import type { getFunctions } from "@/lib/analytics/dimensions";
import { DimensionDetailView, DimensionListView, type DimensionViewProps } from "./dimension-views";
import { formatCount, formatMs, formatRate } from "./format";
import type { MetricColumn } from "./metric-table";

type Fn = Awaited<ReturnType<typeof getFunctions>>["data"][number];

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

export function FunctionsView({ basePath, ...props }: DimensionViewProps) {
  return (
    <DimensionListView<Fn>
      {...props}
      view="functions"
      description="Serverless and edge functions"
      table={{
        title: "By function",
        columns,
        defaultSort: "invocations",
        rowKey: (r) => r.functionName,
        rowHref: (r) => `${functionPath(basePath, r.functionName)}?${windowSearch(props.window)}`,
        emptyText: "No invocations in this window; choose a longer range.",
        csvFilename: "functions.csv",
      }}
    />
  );
}

/** One function: its KPIs, series and figures, with the same time controls. */
export function FunctionDetailView({ functionName, ...props }: DimensionViewProps & { functionName: string }) {
  return (
    <DimensionDetailView
      {...props}
      view="functions"
      narrow={{ functionName }}
      title={functionName}
      description="One function"
      emptyText={`${functionName} had no invocations in this window; choose a longer range.`}
    />
  );
}
