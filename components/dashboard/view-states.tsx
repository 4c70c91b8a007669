"use client";

import { Card } from "@tremor/react";

/** What a page shows when its query failed and there is nothing to show instead. */
export function ViewFailed({ error, retry }: { error: Error; retry: () => void }) {
  return (
    <Card role="alert" className="border-red-300 dark:border-red-800">
      <h2 className="font-semibold text-red-700 dark:text-red-400">Could not load this view</h2>
      <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{error.message}</p>
      <button type="button" onClick={retry} className="mt-3 rounded-tremor-default border border-tremor-border px-3 py-1.5 text-tremor-default dark:border-dark-tremor-border">
        Try again
      </button>
    </Card>
  );
}

/** Grey blocks in the shape of a dashboard page: header, KPI row, chart, table. */
export function ViewSkeleton({ kpis = 4 }: { kpis?: number }) {
  const block = "animate-pulse rounded-tremor-default bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle";
  return (
    <div aria-busy="true" aria-label="Loading" data-testid="skeleton">
      <div className="mb-6 flex items-end justify-between">
        <div className={`${block} h-10 w-48`} />
        <div className={`${block} h-8 w-72`} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: kpis }, (_, i) => (
          <div key={i} className={`${block} h-24`} />
        ))}
      </div>
      <div className={`${block} mt-6 h-72`} />
      <div className="mt-6 space-y-2">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className={`${block} h-8`} />
        ))}
      </div>
    </div>
  );
}
