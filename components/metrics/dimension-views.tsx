"use client";

import Link from "next/link";
import { windowSearch } from "@/components/dashboard/window-label";
import { useProjectView } from "@/components/query/project-view";
import type { WindowParams } from "@/lib/analytics/window";
import { DimensionPage, type DimensionData } from "./dimension-page";
import { MetricTable, type MetricTableProps } from "./metric-table";

/** The read-API views with one row per dimension, the rollup kind each counts, and the list page's title. */
const DIMENSION_VIEWS = {
  functions: { kind: "invocation", title: "Functions" },
  requests: { kind: "request", title: "Requests" },
} as const;
type DimensionView = keyof typeof DIMENSION_VIEWS;

export interface DimensionViewProps {
  projectId: string;
  window: WindowParams;
  /** The project's pages: `/{org}/{project}`. */
  basePath: string;
  bucketMs: number;
}

/** A list page (Functions, Requests): KPIs and series of all rows, then the table of rows. */
export function DimensionListView<Row>({
  view,
  description,
  table,
  projectId,
  window,
  bucketMs,
}: Omit<DimensionViewProps, "basePath"> & { view: DimensionView; description: string; table: Omit<MetricTableProps<Row>, "rows"> }) {
  const { kind, title } = DIMENSION_VIEWS[view];
  const query = useProjectView<DimensionData & { data: Row[] }>(projectId, view, window);
  return (
    <DimensionPage title={title} description={description} kind={kind} window={window} query={query} bucketMs={bucketMs}>
      {(data) => <MetricTable<Row> {...table} rows={data.data} />}
    </DimensionPage>
  );
}

/** A detail page (one function, one route): the same frame narrowed to one row, with a way back to the list. */
export function DimensionDetailView({
  view,
  narrow,
  title,
  description,
  emptyText,
  projectId,
  window,
  basePath,
  bucketMs,
}: DimensionViewProps & { view: DimensionView; narrow: Record<string, string>; title: string; description: string; emptyText: string }) {
  const { kind, title: listTitle } = DIMENSION_VIEWS[view];
  const query = useProjectView<DimensionData & { data: unknown[] }>(projectId, view, { ...window, ...narrow });
  return (
    <>
      <p className="mb-2 text-tremor-default">
        <Link href={`${basePath}/${view}?${windowSearch(window)}`} className="text-tremor-brand hover:underline">
          ← {listTitle}
        </Link>
      </p>
      <DimensionPage title={title} description={description} kind={kind} window={window} query={query} bucketMs={bucketMs}>
        {(data) => (data.data.length === 0 ? <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{emptyText}</p> : null)}
      </DimensionPage>
    </>
  );
}
