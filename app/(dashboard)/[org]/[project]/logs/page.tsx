import { Badge, Card, TextInput } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { dataPage } from "@/components/dashboard/awaiting-data";
import { RangePicker } from "@/components/overview/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { logsQuery, searchLogs } from "@/lib/analytics/logs";
import { rangeParam } from "@/lib/analytics/window";
import { logLevels } from "@/lib/ingest/schema";

export const metadata: Metadata = { title: "Logs" };

const LEVEL_COLOR: Record<string, string> = { debug: "gray", info: "blue", warn: "amber", error: "red", fatal: "rose" };

export default dataPage("logs", async ({ org, project, db, searchParams: sp }) => {
  const range = rangeParam(sp.range);
  // A hand-edited URL with bad values shows everything rather than an error page.
  const parsed = logsQuery.safeParse({ range, q: sp.q || undefined, level: sp.level || undefined, cursor: sp.cursor, limit: "100" });
  const query = parsed.success ? parsed.data : logsQuery.parse({ range, limit: "100" });
  const page = await searchLogs(db, project.id, query);
  const base = `/${org.slug}/${project.slug}/logs`;
  const link = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams(Object.entries({ range, q: query.q, level: query.level?.join(","), ...extra }).filter(([, v]) => v) as [string, string][]);
    return `${base}?${params}`;
  };
  return (
    <>
      <PageHeader title="Logs" description={`Newest first, last ${range}.`} actions={<RangePicker basePath={base} current={range} />} />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <form action={base} role="search" className="flex flex-1 gap-2">
          <input type="hidden" name="range" value={range} />
          {query.level ? <input type="hidden" name="level" value={query.level.join(",")} /> : null}
          <TextInput name="q" defaultValue={query.q} placeholder='Search messages: words, "a phrase", -exclude' aria-label="Search logs" className="max-w-md" />
        </form>
        <nav aria-label="Level" className="flex gap-1 text-tremor-default">
          <Link href={link({ level: undefined })} aria-current={!query.level ? "true" : undefined} className={`rounded-tremor-small px-2 py-1 ${!query.level ? "bg-tremor-brand text-white" : "text-tremor-content"}`}>all</Link>
          {logLevels.map((l) => {
            const active = query.level?.length === 1 && query.level[0] === l;
            return (
              <Link key={l} href={link({ level: l })} aria-current={active ? "true" : undefined} className={`rounded-tremor-small px-2 py-1 ${active ? "bg-tremor-brand text-white" : "text-tremor-content"}`}>{l}</Link>
            );
          })}
        </nav>
      </div>
      <Card className="p-0">
        {page.data.length === 0 ? (
          <p className="p-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">No log line matches{query.q ? ` “${query.q}”` : ""} in the last {range}.</p>
        ) : (
          <ul className="divide-y divide-tremor-border font-mono text-xs dark:divide-dark-tremor-border">
            {page.data.map((line) => (
              <li key={line.id} data-testid="log-line">
                <details className="group px-4 py-2">
                  <summary className="flex cursor-pointer list-none items-start gap-3">
                    <span className="shrink-0 text-tremor-content-subtle">{line.ts.toISOString().slice(5, 23).replace("T", " ")}</span>
                    <Badge size="xs" color={LEVEL_COLOR[line.level] ?? "gray"}>{line.level}</Badge>
                    <span className="min-w-0 flex-1 whitespace-pre-wrap break-words text-tremor-content-strong dark:text-dark-tremor-content-strong">{line.message}</span>
                  </summary>
                  <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 pl-4 text-tremor-content dark:text-dark-tremor-content">
                    <dt>environment</dt><dd>{line.environment}</dd>
                    {line.deploymentId ? (<><dt>deployment</dt><dd>{line.deploymentId}</dd></>) : null}
                    {Object.entries(line.attributes ?? {}).map(([k, v]) => (
                      <Fragment key={k}><dt>{k}</dt><dd>{String(v)}</dd></Fragment>
                    ))}
                  </dl>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {page.nextCursor ? <p className="mt-4 text-tremor-default"><Link className="text-tremor-brand hover:underline" href={link({ cursor: page.nextCursor })}>Older →</Link></p> : null}
    </>
  );
});
