"use client";

import { Badge, Button, Card } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import type { IncidentView } from "@/lib/alerts/incidents";
import type { AlertRule } from "@/lib/alerts/rules";
import { plural } from "@/lib/format/plural";
import { AcknowledgeButton } from "./acknowledge-button";
import { apiRequest, projectApi } from "./api";
import { SeverityBadge } from "./badges";
import { ago, duration, formatUtc, isOccurrenceMetric, valueText } from "./format";
import { groupText, incidentValueLine, shapeOf } from "./incident-words";
import type { IncidentList } from "./queries";

const SEVERITY_EDGE = { critical: "border-l-red-500", high: "border-l-amber-400", medium: "border-l-blue-400", low: "border-l-gray-300" } as const;

/** Firing incidents, worst news first (the API's order): what is wrong now, and who is on it. */
export function FiringIncidents({
  projectId,
  basePath,
  incidents,
  rules,
  canEdit,
}: {
  projectId: string;
  basePath: string;
  incidents: IncidentView[];
  rules: Map<string, AlertRule>;
  canEdit: boolean;
}) {
  if (!incidents.length) {
    return (
      <Card className="flex items-center gap-3 p-4" data-testid="nothing-firing">
        <span aria-hidden className="h-2.5 w-2.5 rounded-full bg-emerald-500" />
        <p className="text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">Nothing is firing.</p>
      </Card>
    );
  }
  return (
    <ul className="space-y-3" aria-label="Firing incidents">
      {incidents.map((incident) => {
        const group = groupText(incident);
        return (
          <li key={incident.id} data-testid="firing-incident">
            <Card className={`border-l-4 p-4 ${SEVERITY_EDGE[incident.rule.severity]}`}>
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={incident.rule.severity} />
                    <Link href={`${basePath}/alerts/${incident.id}`} className="font-semibold text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                      {incident.rule.name}
                    </Link>
                    {group ? <span className="truncate text-tremor-default text-tremor-content dark:text-dark-tremor-content">· {group}</span> : null}
                    {incident.muted ? <Badge color="violet">muted: nothing sent</Badge> : null}
                  </div>
                  <p className="mt-1 text-tremor-default tabular-nums text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis" data-testid="incident-value">
                    {incidentValueLine(incident, shapeOf(incident, rules))}
                  </p>
                  <p className="mt-0.5 text-tremor-label text-tremor-content dark:text-dark-tremor-content" suppressHydrationWarning>
                    Firing since {formatUtc(incident.openedAt)} ({ago(incident.openedAt)})
                  </p>
                </div>
                <div className="flex flex-col items-end gap-1">
                  {incident.acknowledgedAt ? (
                    <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" data-testid="acknowledged-by">
                      Acknowledged by <span className="font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">{incident.acknowledgedBy ?? "a former member"}</span>
                    </p>
                  ) : canEdit ? (
                    <AcknowledgeButton projectId={projectId} incidentId={incident.id} after="refetch" />
                  ) : (
                    <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">Not acknowledged yet</p>
                  )}
                  <Link href={`${basePath}/alerts/${incident.id}`} className="text-tremor-label text-tremor-brand hover:underline">
                    Timeline →
                  </Link>
                </div>
              </div>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}

/** The latest resolved incidents, folded away; older ones page in from the API. */
export function ResolvedIncidents({ projectId, basePath, first, rules }: { projectId: string; basePath: string; first: IncidentList; rules: Map<string, AlertRule> }) {
  const [older, setOlder] = useState<IncidentView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = cursor === undefined ? first.nextCursor : cursor;
  const incidents = [...first.data, ...older.filter((o) => !first.data.some((f) => f.id === o.id))];

  async function loadOlder() {
    if (!next) return;
    setLoading(true);
    setError(null);
    try {
      const page = await apiRequest<IncidentList>(projectApi(projectId, `alerts?${new URLSearchParams({ status: "resolved", limit: "20", cursor: next })}`));
      setOlder((o) => [...o, ...page.data]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not load older incidents.");
    } finally {
      setLoading(false);
    }
  }

  if (!incidents.length) return null;
  return (
    <details className="group rounded-tremor-default border border-tremor-border bg-tremor-background dark:border-dark-tremor-border dark:bg-dark-tremor-background" data-testid="resolved-incidents">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-4 py-3 font-medium">
        <span>
          Recently resolved <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({next ? `latest ${incidents.length}` : plural(incidents.length, "incident")})</span>
        </span>
        <span aria-hidden className="text-tremor-content-subtle transition group-open:rotate-180">▾</span>
      </summary>
      <ul className="divide-y divide-tremor-border border-t border-tremor-border dark:divide-dark-tremor-border dark:border-dark-tremor-border">
        {incidents.map((incident) => {
          const group = groupText(incident);
          return (
            <li key={incident.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5" data-testid="resolved-incident">
              <SeverityBadge severity={incident.rule.severity} />
              <Link href={`${basePath}/alerts/${incident.id}`} className="min-w-0 truncate font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                {incident.rule.name}
                {group ? <span className="font-normal text-tremor-content dark:text-dark-tremor-content"> · {group}</span> : null}
              </Link>
              <span className="ml-auto text-tremor-label tabular-nums text-tremor-content dark:text-dark-tremor-content" suppressHydrationWarning>
                {formatUtc(incident.openedAt)} · lasted {incident.resolvedAt ? duration(incident.openedAt, incident.resolvedAt) : "—"}
                {isOccurrenceMetric(incident.rule.metric) ? "" : ` · peak ${valueText(shapeOf(incident, rules), incident.peak)}`}
              </span>
            </li>
          );
        })}
      </ul>
      {next || error ? (
        <div className="border-t border-tremor-border px-4 py-2 dark:border-dark-tremor-border">
          {next ? (
            <Button size="xs" variant="light" loading={loading} onClick={loadOlder}>
              Show older
            </Button>
          ) : null}
          {error ? (
            <p role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
