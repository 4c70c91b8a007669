import { CsvDownload } from "@/components/ui/csv-download";
import { Badge, Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatMs, formatRate } from "@/components/metrics/format";
import type { DeploymentDetail } from "@/lib/analytics/deployments";
import { plural } from "@/lib/format/plural";
import { formatDuration, formatWhen, safeHref, shortSha } from "./format";
import { Kpi } from "./kpi";
import { DeploymentStatusBadge } from "./status-badge";

const muted = "text-tremor-default text-tremor-content dark:text-dark-tremor-content";

function Section({ title, note, action, children }: { title: string; note?: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card className="mt-6">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {action}
      </div>
      {note ? <p className="mb-3 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{note}</p> : null}
      {children}
    </Card>
  );
}

/** The events as they arrived at the deployment, oldest first, with what each one reported. */
function EventsTimeline({ events }: { events: DeploymentDetail["events"] }) {
  return (
    <ol className="relative ml-2 border-l border-tremor-border dark:border-dark-tremor-border" data-testid="deployment-events">
      {events.map((e) => {
        const details = [
          e.buildDurationMs !== null ? `build ${formatDuration(e.buildDurationMs)}` : null,
          e.durationMs !== null ? `reported ${formatDuration(e.durationMs)}` : null,
          e.commitSha ? `commit ${shortSha(e.commitSha)}` : null,
          e.framework,
        ].filter(Boolean);
        return (
          <li key={e.id} className="mb-4 ml-4">
            <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border border-white bg-tremor-brand dark:border-dark-tremor-background" />
            <div className="flex flex-wrap items-center gap-2">
              <DeploymentStatusBadge status={e.status} />
              <time dateTime={e.ts} className="text-tremor-default tabular-nums">{`${e.ts.slice(0, 19).replace("T", " ")} UTC`}</time>
            </div>
            {details.length ? <p className={`mt-1 ${muted}`}>{details.join(" · ")}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * One deployment: header, timings, its events, the errors and invocations linked to it.
 * Takes `GET /deployments/{id}`' JSON as it is and fetches nothing.
 */
export function DeploymentDetailView({ deployment: d, listPath, errorsPath }: { deployment: DeploymentDetail; listPath: string; errorsPath: string }) {
  const url = safeHref(d.url);
  const { invocations, linkedErrors } = d;
  const bound = `Linked by deployment id, ${formatWhen(d.linkedWindow.from)} to ${formatWhen(d.linkedWindow.to)} (1 h before the start to 7 days after).`;
  return (
    <div>
      <Link href={listPath} className="text-tremor-default text-tremor-brand hover:underline">
        ← Deployments
      </Link>
      <div className="mb-6 mt-2">
        <h1 className="break-words text-xl font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{d.commitMessage ?? d.deploymentId}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <DeploymentStatusBadge status={d.status} />
          <Badge color="gray">{d.environment}</Badge>
          {d.framework ? <Badge color="gray">{d.framework}</Badge> : null}
          <span className={muted}>
            <code>{d.deploymentId}</code> · commit <code title={d.commitSha ?? undefined}>{shortSha(d.commitSha)}</code> · branch {d.branch ?? "—"}
          </span>
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="text-tremor-default text-tremor-brand hover:underline">
              {url} ↗
            </a>
          ) : d.url ? (
            <span className={muted}>{d.url}</span>
          ) : null}
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi label="Started" value={formatWhen(d.startedAt)} />
        <Kpi label="Finished" value={formatWhen(d.finishedAt)} detail={d.finishedAt ? undefined : "not finished yet"} />
        <Kpi label="Duration" value={formatDuration(d.durationMs)} detail="start to final state" />
        <Kpi label="Build" value={formatDuration(d.buildDurationMs)} detail={plural(d.eventCount, "event")} />
      </div>

      <Section title="Events">
        <EventsTimeline events={d.events} />
      </Section>

      <Section
        title="Errors"
        note={bound}
        action={
          linkedErrors.issues.length > 0 ? (
            <CsvDownload
              filename={`deployment-${d.deploymentId}-errors.csv`}
              header={["issue", "title", "level", "status", "events", "last seen"]}
              rows={linkedErrors.issues.map((i) => [i.issueId, i.title, i.level, i.status, i.count, i.lastSeen])}
            />
          ) : null
        }
      >
        {linkedErrors.issues.length === 0 ? (
          <p className={muted}>No error event carries this deployment id in that window.</p>
        ) : (
          <>
            <p className={`mb-2 ${muted}`}>
              {plural(linkedErrors.total, "error event")} in {plural(linkedErrors.issueCount, "issue")}
              {linkedErrors.issueCount > linkedErrors.issues.length ? ` (the ${linkedErrors.issues.length} largest shown)` : ""}.
            </p>
            <ScrollTable label="Errors linked to this deployment">
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Issue</TableHeaderCell>
                  <TableHeaderCell>Level</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell className="text-right">Events</TableHeaderCell>
                  <TableHeaderCell>Last seen</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {linkedErrors.issues.map((i) => (
                  <TableRow key={i.issueId} data-testid="linked-issue">
                    <TableCell className="max-w-md truncate">
                      <Link href={`${errorsPath}/${i.issueId}`} className="font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                        {i.title}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <Badge color={i.level === "fatal" || i.level === "error" ? "red" : "gray"}>{i.level}</Badge>
                    </TableCell>
                    <TableCell>{i.status}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(i.count)}</TableCell>
                    <TableCell className="whitespace-nowrap">{formatWhen(i.lastSeen)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </ScrollTable>
          </>
        )}
      </Section>

      <Section
        title="Invocations"
        note={`${bound} All of them, then the 10 most invoked functions.`}
        action={
          invocations.count > 0 ? (
            <CsvDownload
              filename={`deployment-${d.deploymentId}-invocations.csv`}
              header={["function", "invocations", "errors", "error rate", "p50 ms", "p95 ms"]}
              rows={[{ functionName: "All functions", ...invocations }, ...invocations.functions].map((f) => [f.functionName, f.count, f.errors, f.errorRate, f.duration.p50, f.duration.p95])}
            />
          ) : null
        }
      >
        {invocations.count === 0 ? (
          <p className={muted}>No invocation carries this deployment id in that window.</p>
        ) : (
          <ScrollTable label="Invocations of this deployment">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Function</TableHeaderCell>
                <TableHeaderCell className="text-right">Invocations</TableHeaderCell>
                <TableHeaderCell className="text-right">Errors</TableHeaderCell>
                <TableHeaderCell className="text-right">Error rate</TableHeaderCell>
                <TableHeaderCell className="text-right">p50</TableHeaderCell>
                <TableHeaderCell className="text-right">p95</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[{ functionName: "All functions", ...invocations }, ...invocations.functions].map((f, i) => (
                <TableRow key={i === 0 ? "" : f.functionName} data-testid="invocation-row" className={i === 0 ? "font-semibold" : undefined}>
                  <TableCell>{f.functionName}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(f.count)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(f.errors)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatRate(f.errorRate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMs(f.duration.p50)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMs(f.duration.p95)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </ScrollTable>
        )}
      </Section>
    </div>
  );
}
