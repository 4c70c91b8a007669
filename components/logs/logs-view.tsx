"use client";

import { Badge, Card, TextInput } from "@tremor/react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Fragment } from "react";
import { TimeControls } from "@/components/dashboard/time-controls";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { windowLabel } from "@/components/dashboard/window-label";
import { formatCount } from "@/components/metrics/format";
import { useProjectView } from "@/components/query/project-view";
import { CsvDownload } from "@/components/ui/csv-download";
import { KpiCard } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import type { Overview } from "@/lib/analytics/overview";
import type { WindowParams } from "@/lib/analytics/window";
import { useLogTail, type LogRow } from "./use-log-tail";
import type { PaletteColor } from "@/components/ui/palette";

const LEVELS = ["debug", "info", "warn", "error", "fatal"] as const;
const LEVEL_COLOR: Record<string, PaletteColor> = { debug: "gray", info: "blue", warn: "amber", error: "red", fatal: "rose" };

export interface LogFilters {
  q?: string;
  level?: string;
  cursor?: string;
}

/** The Logs page: full-text search, level filter, expandable attributes, older pages and a live tail. */
export function LogsView({ projectId, window, filters }: { projectId: string; window: WindowParams; filters: LogFilters }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const overview = useProjectView<Overview>(projectId, "overview", window);
  const page = useProjectView<{ data: LogRow[]; nextCursor: string | null }>(projectId, "logs", { ...window, ...filters, limit: "100" });
  const tail = useLogTail(projectId, { q: filters.q, level: filters.level }, page.data?.data[0]?.ts);

  const link = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    next.delete("cursor");
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    return `${pathname}?${next}`;
  };

  const header = (
    <PageHeader title="Logs" description={`Newest first, ${windowLabel(window)}.`} actions={<TimeControls updatedAt={page.dataUpdatedAt} fetching={page.isFetching} />} />
  );
  if (!page.data) return page.error ? <>{header}<ViewFailed error={page.error} retry={() => page.refetch()} /></> : <ViewSkeleton />;
  // Tailed lines come first; lines the page already showed stay where they are.
  const shown = new Set(page.data.data.map((l) => l.id));
  const fresh = filters.cursor ? [] : tail.lines.filter((l) => !shown.has(l.id));
  const freshIds = new Set(fresh.map((l) => l.id));
  const lines = [...fresh, ...page.data.data];
  const activeLevel = filters.level && !filters.level.includes(",") ? filters.level : undefined;

  return (
    <>
      {header}
      {overview.data ? (
        <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <KpiCard label="Log lines" value={formatCount(overview.data.totals.logs)} current={overview.data.totals.logs} previous={overview.data.previousTotals.logs} />
          <KpiCard label="Errors and fatals" value={formatCount(overview.data.totals.logErrors)} current={overview.data.totals.logErrors} previous={overview.data.previousTotals.logErrors} better="down" />
        </div>
      ) : null}
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <form action={pathname} role="search" className="flex flex-1 gap-2">
          {[...search].filter(([k]) => k !== "q" && k !== "cursor").map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <TextInput name="q" defaultValue={filters.q} placeholder='Search messages: words, "a phrase", -exclude' aria-label="Search logs" className="max-w-md" />
        </form>
        <nav aria-label="Level" className="flex gap-1 text-tremor-default">
          {[undefined, ...LEVELS].map((l) => {
            const active = l === undefined ? !filters.level : l === activeLevel;
            return (
              <Link key={l ?? "all"} href={link({ level: l })} aria-current={active ? "true" : undefined} className={`rounded-tremor-small px-2 py-1 ${active ? "bg-tremor-brand text-white" : "text-tremor-content dark:text-dark-tremor-content"}`}>
                {l ?? "all"}
              </Link>
            );
          })}
        </nav>
        {filters.cursor ? null : (
          <button
            type="button"
            onClick={tail.toggle}
            aria-pressed={tail.on}
            data-testid="tail-toggle"
            className={`inline-flex items-center gap-1.5 rounded-tremor-default border px-2.5 py-1 text-tremor-default ${tail.on ? "border-emerald-500 text-emerald-700 dark:text-emerald-400" : "border-tremor-border text-tremor-content dark:border-dark-tremor-border dark:text-dark-tremor-content"}`}
          >
            <span className={`h-2 w-2 rounded-full ${tail.on ? "animate-pulse bg-emerald-500" : "bg-tremor-content-subtle"}`} aria-hidden />
            {tail.on ? "Tailing" : "Live tail"}
          </button>
        )}
        {lines.length > 0 ? (
          <CsvDownload
            filename="logs.csv"
            header={["timestamp", "level", "message", "environment", "deployment", "attributes"]}
            rows={() => lines.map((l) => [l.ts, l.level, l.message, l.environment, l.deploymentId, l.attributes ? JSON.stringify(l.attributes) : null])}
          />
        ) : null}
      </div>
      {tail.on ? (
        <p role="status" aria-live="polite" data-testid="tail-status" className="mb-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
          {tail.error ? `Tail paused: ${tail.error}` : `Following new lines every 2 s · ${fresh.length} new since you started`}
        </p>
      ) : null}
      <Card className="p-0">
        {lines.length === 0 ? (
          <p className="p-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            No log line matches{filters.q ? ` “${filters.q}”` : ""}, {windowLabel(window)}. Try a longer range or fewer words.
          </p>
        ) : (
          <ul className="divide-y divide-tremor-border font-mono text-xs dark:divide-dark-tremor-border">
            {lines.map((line) => (
              <li key={line.id} data-testid="log-line" className={freshIds.has(line.id) ? "bg-emerald-50/60 dark:bg-emerald-950/30" : undefined}>
                <details className="group px-4 py-2">
                  <summary className="flex cursor-pointer list-none items-start gap-3">
                    <span className="shrink-0 text-tremor-content-subtle">{line.ts.slice(5, 23).replace("T", " ")}</span>
                    <Badge size="xs" color={LEVEL_COLOR[line.level] ?? "gray"}>{line.level}</Badge>
                    <span className="min-w-0 flex-1 whitespace-pre-wrap break-words text-tremor-content-strong dark:text-dark-tremor-content-strong">{line.message}</span>
                  </summary>
                  <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 pl-4 text-tremor-content dark:text-dark-tremor-content">
                    <dt>environment</dt>
                    <dd>{line.environment}</dd>
                    {line.deploymentId ? (
                      <>
                        <dt>deployment</dt>
                        <dd>{line.deploymentId}</dd>
                      </>
                    ) : null}
                    {Object.entries(line.attributes ?? {}).map(([k, v]) => (
                      <Fragment key={k}>
                        <dt>{k}</dt>
                        <dd>{String(v)}</dd>
                      </Fragment>
                    ))}
                  </dl>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {page.data.nextCursor ? (
        <p className="mt-4 text-tremor-default">
          <Link className="text-tremor-brand hover:underline" href={link({ cursor: page.data.nextCursor })}>
            Older →
          </Link>
        </p>
      ) : null}
    </>
  );
}
