import { CsvDownload } from "@/components/ui/csv-download";
import { Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import Link from "next/link";
import { formatCount } from "@/components/metrics/format";
import { VITAL_NAMES, type VitalName } from "@/lib/analytics/vitals";
import type { VitalRouteRow } from "@/lib/analytics/web-vitals";
import { plural } from "@/lib/format/plural";
import { formatVital, RATING_LABELS, RATING_TEXT, VITAL_LABELS } from "./format";

export type VitalsSort = "route" | "count" | VitalName;

/** `?sort=` as a column of this table, falling back to the busiest routes first. */
export function vitalsSortParam(value: string | undefined): VitalsSort {
  return value === "route" || value === "count" || (VITAL_NAMES as string[]).includes(value ?? "") ? (value as VitalsSort) : "count";
}

/** Routes in the chosen order: names ascending, counts and p75s descending (the slowest first), no data last. */
function sortRows(rows: VitalRouteRow[], sort: VitalsSort): VitalRouteRow[] {
  if (sort === "route") return [...rows].sort((a, b) => a.route.localeCompare(b.route));
  const value = (r: VitalRouteRow) => (sort === "count" ? r.count : r.vitals[sort].p75);
  return [...rows].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1));
}

/**
 * Rows are routes, columns each vital's p75 coloured by its rating, plus the samples.
 * Sorting and narrowing to a route are links, like MetricTable, so the URL reproduces the view.
 */
export function VitalsRouteTable({
  rows,
  sort,
  hrefForSort,
  hrefForRoute,
}: {
  rows: VitalRouteRow[];
  sort: VitalsSort;
  hrefForSort: (sort: VitalsSort) => string;
  hrefForRoute: (route: string) => string;
}) {
  const header = (key: VitalsSort, label: string, title?: string) => (
    <TableHeaderCell key={key} className={key === "route" ? "" : "text-right"}>
      <Link href={hrefForSort(key)} title={title} aria-sort={key === sort ? (key === "route" ? "ascending" : "descending") : undefined} className={key === sort ? "text-tremor-brand" : ""}>
        {label}
      </Link>
    </TableHeaderCell>
  );
  return (
    <Card className="mt-6">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-semibold">By route</h2>
        {rows.length > 0 ? (
          <CsvDownload
            filename="vitals-by-route.csv"
            header={["route", ...VITAL_NAMES.map((n) => `${n} p75`), "samples"]}
            rows={() => sortRows(rows, sort).map((r) => [r.route, ...VITAL_NAMES.map((n) => r.vitals[n].p75), r.count])}
          />
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">No Web Vitals in this window; choose a longer range.</p>
      ) : (
        <ScrollTable label="Web Vitals by route">
          <TableHead>
            <TableRow>
              {header("route", "Route")}
              {VITAL_NAMES.map((name) => header(name, name, `${VITAL_LABELS[name]}, p75`))}
              {header("count", "Samples")}
            </TableRow>
          </TableHead>
          <TableBody>
            {sortRows(rows, sort).map((row) => (
              <TableRow key={row.route} data-testid="vitals-row">
                <TableCell className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
                  <Link href={hrefForRoute(row.route)} className="hover:underline">
                    {row.route}
                  </Link>
                </TableCell>
                {VITAL_NAMES.map((name) => {
                  const v = row.vitals[name];
                  return (
                    <TableCell key={name} className={`text-right tabular-nums ${v.rating ? RATING_TEXT[v.rating] : ""}`} title={v.rating ? `${RATING_LABELS[v.rating]} · ${plural(v.count, "sample")}` : "No samples"}>
                      {formatVital(name, v.p75)}
                    </TableCell>
                  );
                })}
                <TableCell className="text-right tabular-nums">{formatCount(row.count)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      )}
    </Card>
  );
}
