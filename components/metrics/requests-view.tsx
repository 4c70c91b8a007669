"use client";

import { windowSearch } from "@/components/dashboard/window-label";
import type { getRequests } from "@/lib/analytics/dimensions";
import { DimensionDetailView, DimensionListView, type DimensionViewProps } from "./dimension-views";
import { formatCount, formatMs, formatRate } from "./format";
import type { MetricColumn } from "./metric-table";

type Route = Awaited<ReturnType<typeof getRequests>>["data"][number];

const columns: MetricColumn<Route>[] = [
  { key: "route", label: "Route", value: (r) => `${r.method} ${r.route}` },
  { key: "count", label: "Requests", value: (r) => r.count, format: formatCount },
  { key: "rate4xx", label: "4xx", value: (r) => r.rate4xx, format: formatRate },
  { key: "rate5xx", label: "5xx", value: (r) => r.rate5xx, format: formatRate },
  { key: "p50", label: "p50", value: (r) => r.latency.p50, format: formatMs },
  { key: "p95", label: "p95", value: (r) => r.latency.p95, format: formatMs },
  { key: "p99", label: "p99", value: (r) => r.latency.p99, format: formatMs },
];

/** A route's page: /requests/GET/api/items/[id] (each segment encoded; "/" is /requests/GET). */
export function routePath(base: string, method: string, route: string) {
  const segments = route.split("/").filter(Boolean).map(encodeURIComponent);
  return `${base}/requests/${encodeURIComponent(method)}${segments.length ? `/${segments.join("/")}` : ""}`;
}

export function RequestsView({ basePath, ...props }: DimensionViewProps) {
  return (
    <DimensionListView<Route>
      {...props}
      view="requests"
      description="API routes by method"
      table={{
        title: "By route",
        columns,
        defaultSort: "count",
        rowKey: (r) => `${r.method} ${r.route}`,
        rowHref: (r) => `${routePath(basePath, r.method, r.route)}?${windowSearch(props.window)}`,
        emptyText: "No requests in this window; choose a longer range.",
        csvFilename: "requests.csv",
      }}
    />
  );
}

/** One route and method: its KPIs and series. */
export function RouteDetailView({ method, route, ...props }: DimensionViewProps & { method: string; route: string }) {
  return (
    <DimensionDetailView
      {...props}
      view="requests"
      narrow={{ method, route }}
      title={`${method} ${route}`}
      description="One route"
      emptyText={`No ${method} requests to ${route} in this window; choose a longer range.`}
    />
  );
}
