"use client";

import Link from "next/link";
import { windowSearch } from "@/components/dashboard/window-label";
import { useProjectView } from "@/components/query/project-view";
import type { getRequests } from "@/lib/analytics/dimensions";
import type { WindowParams } from "@/lib/analytics/window";
import { DimensionPage } from "./dimension-page";
import { formatCount, formatMs, formatRate } from "./format";
import { MetricTable, type MetricColumn } from "./metric-table";

type RequestsData = Awaited<ReturnType<typeof getRequests>>;
type Route = RequestsData["data"][number];

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

interface ViewProps {
  projectId: string;
  window: WindowParams;
  basePath: string;
  bucketMs: number;
}

export function RequestsView({ projectId, window, basePath, bucketMs }: ViewProps) {
  const query = useProjectView<RequestsData>(projectId, "requests", window);
  return (
    <DimensionPage title="Requests" description="API routes by method" kind="request" window={window} query={query} bucketMs={bucketMs}>
      {(data) => (
        <MetricTable<Route>
          title="By route"
          rows={data.data}
          columns={columns}
          defaultSort="count"
          rowKey={(r) => `${r.method} ${r.route}`}
          rowHref={(r) => `${routePath(basePath, r.method, r.route)}?${windowSearch(window)}`}
          emptyText="No requests in this window; choose a longer range."
          csvFilename="requests.csv"
        />
      )}
    </DimensionPage>
  );
}

/** One route and method: its KPIs and series. */
export function RouteDetailView({ projectId, window, basePath, bucketMs, method, route }: ViewProps & { method: string; route: string }) {
  const query = useProjectView<RequestsData>(projectId, "requests", { ...window, method, route });
  return (
    <>
      <p className="mb-2 text-tremor-default">
        <Link href={`${basePath}/requests?${windowSearch(window)}`} className="text-tremor-brand hover:underline">
          ← Requests
        </Link>
      </p>
      <DimensionPage title={`${method} ${route}`} description="One route" kind="request" window={window} query={query} bucketMs={bucketMs}>
        {(data) =>
          data.data.length === 0 ? (
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">No {method} requests to {route} in this window; choose a longer range.</p>
          ) : null
        }
      </DimensionPage>
    </>
  );
}
