import { Badge, Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import Link from "next/link";
import { CsvDownload } from "@/components/ui/csv-download";
import { ScrollTable } from "@/components/ui/scroll-table";
import type { IssueDetail } from "@/lib/analytics/issues";
import { IssueActions } from "./issue-actions";
import { StackTrace } from "./stack-trace";

// In UTC: every viewer reads the same instant.
const when = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ") + " UTC";

/** One issue: status and triage actions, counts, the latest stack trace, tag breakdowns and recent events. */
export function IssueDetailView({ issue, orgSlug, projectSlug, canTriage }: { issue: IssueDetail; orgSlug: string; projectSlug: string; canTriage: boolean }) {
  const latest = issue.latestEvents[0];
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${orgSlug}/${projectSlug}/errors`} className="text-tremor-default text-tremor-brand hover:underline">← Errors</Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="break-words text-xl font-semibold">{issue.title}</h1>
            <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{issue.culprit ?? "no culprit"}</p>
            <div className="mt-2 flex flex-wrap gap-2">
              <Badge data-testid="issue-status">{issue.status}</Badge>
              {issue.regressed ? <Badge color="amber">regressed</Badge> : null}
              <Badge color={issue.level === "fatal" || issue.level === "error" ? "red" : "gray"}>{issue.level}</Badge>
            </div>
          </div>
          {canTriage ? <IssueActions orgSlug={orgSlug} projectSlug={projectSlug} issueId={issue.id} status={issue.status} /> : null}
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card className="p-4"><p className="text-tremor-label text-tremor-content">Events</p><p className="text-2xl font-semibold">{issue.eventCount.toLocaleString("en-US")}</p></Card>
        <Card className="p-4"><p className="text-tremor-label text-tremor-content">First seen</p><p className="font-medium">{when(issue.firstSeen)}</p></Card>
        <Card className="p-4"><p className="text-tremor-label text-tremor-content">Last seen</p><p className="font-medium">{when(issue.lastSeen)}</p></Card>
      </div>
      <Card>
        <h2 className="mb-3 font-semibold">Stack trace <span className="text-tremor-label font-normal text-tremor-content">(latest event)</span></h2>
        <StackTrace frames={(latest?.frames as never) ?? null} raw={latest?.stack ?? null} />
      </Card>
      <div className="grid gap-4 md:grid-cols-3">
        {(["environment", "release", "route"] as const).map((tag) => (
          <Card key={tag} className="p-4">
            <h3 className="mb-2 font-semibold capitalize">{tag}</h3>
            {issue.tags[tag].length === 0 ? <p className="text-tremor-label text-tremor-content">—</p> : (
              <ul className="space-y-1 text-tremor-default">
                {issue.tags[tag].map((t) => (
                  <li key={t.value ?? "none"} className="flex justify-between gap-2"><span className="truncate">{t.value ?? "(none)"}</span><span className="tabular-nums">{t.count}</span></li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
      <Card>
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 className="font-semibold">Recent events</h2>
          <CsvDownload
            filename={`issue-${issue.id}-events.csv`}
            header={["event", "timestamp", "name", "message", "environment", "release", "route"]}
            rows={issue.latestEvents.map((e) => [e.eventId, e.ts.toISOString(), e.name, e.message, e.environment, e.release, e.route])}
          />
        </div>
        <ScrollTable label="Recent events">
          <TableHead><TableRow><TableHeaderCell>When</TableHeaderCell><TableHeaderCell>Message</TableHeaderCell><TableHeaderCell>Environment</TableHeaderCell><TableHeaderCell>Release</TableHeaderCell></TableRow></TableHead>
          <TableBody>
            {issue.latestEvents.map((e) => (
              <TableRow key={e.eventId}>
                <TableCell className="whitespace-nowrap">{when(e.ts)}</TableCell>
                <TableCell className="max-w-md truncate">{e.message ?? e.name}</TableCell>
                <TableCell>{e.environment}</TableCell>
                <TableCell>{e.release ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      </Card>
    </div>
  );
}
