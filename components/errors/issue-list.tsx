"use client";

import { Badge, Card, TextInput } from "@tremor/react";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { CsvDownload } from "@/components/ui/csv-download";
import type { IssueSummary } from "@/lib/analytics/issues";
import { timeAgo } from "@/lib/format/relative-time";

/** An issue as the API answers it (JSON: dates are ISO strings). */
export type IssueRow = Omit<IssueSummary, "firstSeen" | "lastSeen" | "regressedAt" | "resolvedAt"> & {
  firstSeen: string;
  lastSeen: string;
  regressedAt: string | null;
  resolvedAt: string | null;
};

const STATUSES = ["unresolved", "resolved", "ignored"] as const;

/** The Errors page: groups with search, status filter and sort, all in the URL. */
export function IssueList({
  basePath,
  windowSearch,
  issues,
  status,
  q,
  sort,
  nextCursor,
}: {
  basePath: string;
  /** The page's time window as a query string, kept by every link. */
  windowSearch: string;
  issues: IssueRow[];
  status: (typeof STATUSES)[number];
  q?: string;
  sort: "lastSeen" | "events";
  nextCursor: string | null;
}) {
  const link = (params: Record<string, string | undefined>) => {
    const merged = { status, q, sort, ...params };
    const query = new URLSearchParams(Object.entries(merged).filter(([, v]) => v) as [string, string][]);
    return `${basePath}?${windowSearch}&${query}`;
  };
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <nav aria-label="Status" className="flex gap-1">
          {STATUSES.map((s) => (
            <Link key={s} href={link({ status: s, cursor: undefined })} aria-current={s === status ? "true" : undefined}
              className={`rounded-tremor-small px-2.5 py-1 text-tremor-default capitalize ${s === status ? "bg-tremor-brand text-white" : "text-tremor-content hover:bg-tremor-background-subtle dark:text-dark-tremor-content"}`}>
              {s}
            </Link>
          ))}
        </nav>
        <form action={basePath} className="flex flex-1 gap-2" role="search">
          <input type="hidden" name="status" value={status} />
          <input type="hidden" name="sort" value={sort} />
          {[...new URLSearchParams(windowSearch)].map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <TextInput name="q" defaultValue={q} placeholder="Search titles and culprits" aria-label="Search issues" className="max-w-sm" />
        </form>
        <nav aria-label="Sort" className="flex gap-2 text-tremor-default">
          <Link href={link({ sort: "lastSeen" })} aria-current={sort === "lastSeen" ? "true" : undefined} className={sort === "lastSeen" ? "font-semibold" : "text-tremor-content"}>Last seen</Link>
          <Link href={link({ sort: "events" })} aria-current={sort === "events" ? "true" : undefined} className={sort === "events" ? "font-semibold" : "text-tremor-content"}>Events</Link>
        </nav>
        {issues.length > 0 ? (
          <CsvDownload
            filename={`issues-${status}.csv`}
            header={["id", "title", "culprit", "level", "status", "events", "first seen", "last seen", "regressed"]}
            rows={() => issues.map((i) => [i.id, i.title, i.culprit, i.level, i.status, i.eventCount, i.firstSeen, i.lastSeen, i.regressed])}
          />
        ) : null}
      </div>
      {issues.length === 0 ? (
        <Card><p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{q ? `No ${status} issue matches “${q}”.` : `No ${status} issues in this window. 🎉`}</p></Card>
      ) : (
        <Card className="divide-y divide-tremor-border p-0 dark:divide-dark-tremor-border">
          {issues.map((issue) => (
            <div key={issue.id} className="flex items-center gap-4 px-4 py-3" data-testid="issue-row">
              <div className="min-w-0 flex-1">
                <Link href={`${basePath}/${issue.id}?${windowSearch}`} className="block truncate font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                  {issue.title}
                </Link>
                <p className="truncate text-tremor-label text-tremor-content dark:text-dark-tremor-content" suppressHydrationWarning>
                  {issue.culprit ?? "no stack"} · first seen {timeAgo(issue.firstSeen)} · last seen {timeAgo(issue.lastSeen)}
                </p>
              </div>
              {issue.regressed ? <Badge color="amber">regressed</Badge> : null}
              <Badge color={issue.level === "fatal" || issue.level === "error" ? "red" : "gray"}>{issue.level}</Badge>
              <Sparkline values={issue.trend} color="rose" />
              <span className="w-16 text-right tabular-nums text-tremor-default">{issue.eventCount.toLocaleString("en-US")}</span>
            </div>
          ))}
        </Card>
      )}
      {nextCursor ? (
        <p className="mt-4 text-tremor-default"><Link className="text-tremor-brand hover:underline" href={link({ cursor: nextCursor })}>Next page →</Link></p>
      ) : null}
    </>
  );
}
