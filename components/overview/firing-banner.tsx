"use client";

import Link from "next/link";
import { useProjectView } from "@/components/query/project-view";
import { severityColors } from "@/components/ui/severity";
import { isOccurrenceMetric } from "@/lib/alerts/catalog";
import type { FiringSummary, IncidentView } from "@/lib/alerts/incidents";
import { comparatorWords, formatValue } from "@/lib/alerts/notices";
import { plural } from "@/lib/format/plural";
import { timeAgo } from "@/lib/format/relative-time";

/** How many incidents the banner names; the rest are a link away. */
const SHOWN = 3;

/** "100% — fires above 5%", in the rule's unit; an occurrence (new issue, failed deployment, silence) has no threshold to show. */
function valueAgainstThreshold(i: IncidentView): string | null {
  if (isOccurrenceMetric(i.rule.metric)) return null;
  const aggregation = i.rule.aggregation ?? "avg";
  const value = formatValue(i.rule.metric, aggregation, i.value, i.rule.compareTo);
  return `${value} — fires ${comparatorWords(i.comparator)} ${formatValue(i.rule.metric, aggregation, i.threshold, i.rule.compareTo)}`;
}

/**
 * The Overview's banner while anything of the project is firing: how many, in the worst
 * severity's colour, the first few (worst first) and a link to the Alerts page. Nothing
 * when all is well. Read with the Overview's own queries, so it refreshes as they do.
 */
export function FiringBanner({ projectId, alertsHref }: { projectId: string; alertsHref: string }) {
  const { data } = useProjectView<FiringSummary>(projectId, "alerts/firing", {});
  if (!data || data.firing === 0) return null;
  const worst = severityColors(data.worst);
  const shown = data.incidents.slice(0, SHOWN);
  const more = data.firing - shown.length;
  const now = Date.now();
  return (
    <section aria-labelledby="firing-banner-title" data-testid="firing-banner" data-severity={data.worst ?? undefined} className={`mb-6 rounded-tremor-default border border-l-4 px-4 py-3 ${worst.banner}`}>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <h2 id="firing-banner-title" className={`flex items-center gap-2 font-semibold ${worst.text}`}>
          <span aria-hidden className={`inline-block h-2.5 w-2.5 animate-pulse rounded-full ${worst.dot}`} />
          {plural(data.firing, "alert")} firing
          {data.worst ? <span className="font-normal text-tremor-content dark:text-dark-tremor-content">· worst: {data.worst}</span> : null}
        </h2>
        <Link href={alertsHref} className="text-tremor-default font-medium text-tremor-brand hover:underline">
          View alerts →
        </Link>
      </div>
      <ul className="mt-2 space-y-1.5">
        {shown.map((i) => {
          const colors = severityColors(i.rule.severity);
          const reading = valueAgainstThreshold(i);
          const group = i.groupLabel ?? i.group;
          return (
            <li key={i.id} data-testid="firing-incident" className="flex flex-wrap items-baseline gap-x-2 text-tremor-default">
              <span className={`text-tremor-label font-semibold uppercase tracking-wide ${colors.text}`}>{i.rule.severity}</span>
              <Link href={`${alertsHref}/${i.id}`} className="font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                {i.rule.name}
              </Link>
              {group ? <span className="max-w-full truncate text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">{group}</span> : null}
              {reading ? <span className="tabular-nums text-tremor-content dark:text-dark-tremor-content">{reading}</span> : null}
              <span className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" suppressHydrationWarning>
                opened {timeAgo(i.openedAt, now)}
                {i.acknowledgedAt ? " · acknowledged" : ""}
                {i.muted ? " · muted" : ""}
              </span>
            </li>
          );
        })}
      </ul>
      {more > 0 ? (
        <p className="mt-1.5 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
          and {more} more on the <Link href={alertsHref} className="text-tremor-brand hover:underline">Alerts page</Link>
        </p>
      ) : null}
    </section>
  );
}
