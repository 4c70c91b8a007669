import { Badge, Card } from "@tremor/react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { IncidentDetail } from "@/lib/alerts/incidents";
import { comparatorWords } from "@/lib/alerts/notices";
import type { AlertRule } from "@/lib/alerts/rules";
import { plural } from "@/lib/format/plural";
import { deploymentHref } from "@/components/deployments/format";
import { AcknowledgeButton } from "./acknowledge-button";
import { SeverityBadge } from "./badges";
import { ago, describeCondition, describeScope, duration, formatUtc, GROUP_LABELS, isOccurrenceMetric, valueText, type ValueShape } from "./format";
import { IncidentChart } from "./incident-chart";
import { deliveryWords, groupText, shapeOf } from "./incident-words";

type Entry = IncidentDetail["timeline"][number];

const NOTICE_WORDS: Record<string, string> = { "alert.firing": "firing", "alert.renotify": "reminder", "alert.resolved": "resolution" };
/** Why an incident was closed without a healthy value (lib/alerts/incidents.ts closeIncidentsOfRule). */
const RESOLVE_REASONS: Record<string, string> = { "rule deleted": "The rule was deleted", "rule disabled": "The rule was disabled" };

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v));
const num = (v: unknown) => (typeof v === "number" ? v : null);

const capitalise = (s: string | null) => (s ? `${s[0].toUpperCase()}${s.slice(1)}` : null);

/** One timeline entry in words: what happened, and its particulars. */
function describeEntry(entry: Entry, shape: ValueShape, threshold: string): { title: string; detail: string | null; tone: string } {
  const d = entry.detail;
  switch (entry.kind) {
    case "opened":
      return {
        title: "Opened",
        detail: isOccurrenceMetric(shape.metric)
          ? null
          : `Value ${valueText(shape, num(d.value))} against ${threshold}${typeof d.samples === "number" ? `, from ${plural(d.samples, "sample")}` : ""}`,
        tone: "bg-red-500",
      };
    case "notified":
      return {
        title: d.type === "alert.resolved" ? "Resolution sent" : "Notification sent",
        detail: capitalise(deliveryWords(d)),
        tone: "bg-indigo-500",
      };
    case "renotified":
      return { title: "Reminder sent", detail: `Still firing and not acknowledged${deliveryWords(d) ? `; ${deliveryWords(d)}` : ""}`, tone: "bg-indigo-400" };
    case "acknowledged":
      return { title: "Acknowledged", detail: d.by ? `By ${text(d.by)}; no more reminders` : "No more reminders", tone: "bg-blue-500" };
    case "muted":
      return {
        title: "Muted: nothing sent",
        detail: `The ${NOTICE_WORDS[text(d.suppressed)] ?? text(d.suppressed)} notice was held back${typeof d.mutedUntil === "string" ? `; the rule is muted until ${formatUtc(d.mutedUntil)}` : ""}`,
        tone: "bg-violet-500",
      };
    case "delivery_failed":
      return {
        title: `${d.type === "alert.resolved" ? "Resolution" : d.type === "alert.renotify" ? "Reminder" : "Notification"} not delivered`,
        detail: deliveryWords(d) ? `Gave up sending ${deliveryWords(d)}` : null,
        tone: "bg-amber-500",
      };
    case "resolved":
      return {
        title: "Resolved",
        detail:
          typeof d.reason === "string"
            ? (RESOLVE_REASONS[d.reason] ?? d.reason)
            : isOccurrenceMetric(shape.metric)
              ? "The window passed without a new occurrence"
              : `Value back to ${valueText(shape, num(d.value))}`,
        tone: "bg-emerald-500",
      };
  }
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">{label}</dt>
      <dd className="mt-0.5 font-medium tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">{children}</dd>
    </div>
  );
}

/**
 * One incident: where it stands (value, peak, threshold, who acknowledged it), its
 * timeline, the metric around it against the threshold, and the rule that opened it —
 * which may have been deleted since (its incidents stay readable).
 */
export function IncidentDetailView({
  incident,
  rule,
  projectId,
  basePath,
  canEdit,
}: {
  incident: IncidentDetail;
  rule: AlertRule | null;
  projectId: string;
  basePath: string;
  canEdit: boolean;
}) {
  const shape = shapeOf(incident, rule);
  const firing = incident.status === "firing";
  const threshold = `${comparatorWords(incident.comparator)} ${valueText(shape, incident.threshold)}`;
  const group = groupText(incident);
  const occurrence = isOccurrenceMetric(incident.rule.metric);
  const end = incident.resolvedAt ?? new Date().toISOString();
  // An occurrence's group is the issue or the deployment itself: its own page is one click away.
  const subjectHref =
    incident.group && incident.rule.metric === "new_issue"
      ? `${basePath}/errors/${encodeURIComponent(incident.group)}`
      : incident.group && incident.rule.metric === "deployment_failed"
        ? deploymentHref(`${basePath}/deployments`, incident.group)
        : null;

  return (
    <div className="space-y-6">
      <div>
        <Link href={`${basePath}/alerts`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Alerts
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="break-words text-xl font-semibold">{incident.rule.name}</h1>
            {group ? (
              <p className="mt-0.5 text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis" data-testid="incident-group">
                {rule?.groupBy ? `${GROUP_LABELS[rule.groupBy]}: ` : ""}
                {subjectHref ? (
                  <Link href={subjectHref} className="text-tremor-brand hover:underline">
                    {group}
                  </Link>
                ) : (
                  group
                )}
              </p>
            ) : null}
            <div className="mt-2 flex flex-wrap gap-2">
              <Badge color={firing ? "red" : "emerald"} data-testid="incident-status">
                {incident.status}
              </Badge>
              <SeverityBadge severity={incident.rule.severity} />
              {incident.muted ? <Badge color="violet">opened while muted</Badge> : null}
            </div>
          </div>
          {firing ? (
            incident.acknowledgedAt ? null : canEdit ? (
              <AcknowledgeButton projectId={projectId} incidentId={incident.id} after="refresh-page" />
            ) : (
              <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">Members acknowledge incidents.</p>
            )
          ) : null}
        </div>
      </div>

      <Card className="p-5">
        <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-4">
          <Fact label={firing ? "Firing for" : "Lasted"}>{duration(incident.openedAt, end)}</Fact>
          {occurrence ? null : (
            <>
              <Fact label={firing ? "Value now" : "Last value"} testId="incident-value">
                {valueText(shape, incident.value)}
              </Fact>
              <Fact label="Peak">{valueText(shape, incident.peak)}</Fact>
              <Fact label="Fires when">{threshold}</Fact>
            </>
          )}
          <Fact label="Opened">
            {formatUtc(incident.openedAt)}
            <span className="block text-tremor-label font-normal text-tremor-content dark:text-dark-tremor-content">{ago(incident.openedAt)}</span>
          </Fact>
          <Fact label="Resolved">{incident.resolvedAt ? formatUtc(incident.resolvedAt) : "not yet"}</Fact>
          <Fact label="Acknowledged" testId="incident-acknowledged">
            {incident.acknowledgedAt ? (
              <>
                <span className="break-words">by {incident.acknowledgedBy ?? "a former member"}</span>
                <span className="block text-tremor-label font-normal text-tremor-content dark:text-dark-tremor-content">at {formatUtc(incident.acknowledgedAt)}</span>
              </>
            ) : (
              "not yet"
            )}
          </Fact>
        </dl>
      </Card>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="p-5">
          <h2 className="mb-3 font-semibold">The metric around the incident</h2>
          {rule ? (
            <IncidentChart projectId={projectId} incident={incident} rule={rule} />
          ) : (
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">The rule that opened this incident was deleted, so there is no definition left to replay the metric with.</p>
          )}
        </Card>
        <Card className="p-5">
          <h2 className="mb-3 font-semibold">Timeline</h2>
          <ol className="relative space-y-4 border-l border-tremor-border pl-5 dark:border-dark-tremor-border" data-testid="timeline">
            {incident.timeline.map((entry, i) => {
              const { title, detail, tone } = describeEntry(entry, shape, threshold);
              return (
                <li key={i} className="relative" data-testid="timeline-entry" data-kind={entry.kind}>
                  <span aria-hidden className={`absolute -left-[1.6rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-tremor-background dark:ring-dark-tremor-background ${tone}`} />
                  <p className="text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</p>
                  <p className="text-tremor-label tabular-nums text-tremor-content dark:text-dark-tremor-content">{formatUtc(entry.at, true)}</p>
                  {detail ? <p className="text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">{detail}</p> : null}
                </li>
              );
            })}
          </ol>
        </Card>
      </div>

      <Card className="p-5" data-testid="incident-rule">
        <h2 className="font-semibold">Rule</h2>
        {rule ? (
          <div className="mt-1 text-tremor-default">
            <Link href={`${basePath}/alerts/rules/${rule.id}`} className="font-medium text-tremor-brand hover:underline">
              {rule.name}
            </Link>
            <p className="text-tremor-content dark:text-dark-tremor-content">
              {[describeCondition(rule), ...describeScope(rule)].join(" · ")}
              {rule.enabled ? "" : " · disabled"}
            </p>
          </div>
        ) : (
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            “{incident.rule.name}” has been deleted. This incident stays readable; nothing judges it any more.
          </p>
        )}
      </Card>
    </div>
  );
}
