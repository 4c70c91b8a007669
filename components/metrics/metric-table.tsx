"use client";

import { Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { CsvDownload } from "@/components/ui/csv-download";

export interface MetricColumn<Row> {
  key: string;
  label: string;
  value: (row: Row) => number | string | null;
  format?: (value: never) => string;
}

export interface MetricTableProps<Row> {
  title: string;
  rows: Row[];
  columns: MetricColumn<Row>[];
  defaultSort: string;
  rowKey: (row: Row) => string;
  rowHref?: (row: Row) => string;
  emptyText: string;
  csvFilename: string;
}

/**
 * A table of per-dimension figures, sorted by the column named in `?sort=` (descending;
 * text columns ascending). Sorting is a link, so the URL reproduces the view. The first
 * column links to the row's detail page when `rowHref` is given; the rows download as CSV
 * with raw (unformatted) values.
 */
export function MetricTable<Row>({
  title,
  rows,
  columns,
  defaultSort,
  rowKey,
  rowHref,
  emptyText,
  csvFilename,
}: MetricTableProps<Row>) {
  const pathname = usePathname();
  const search = useSearchParams();
  const sort = search.get("sort") ?? defaultSort;
  const hrefForSort = (key: string) => {
    const next = new URLSearchParams(search);
    next.set("sort", key);
    return `${pathname}?${next}`;
  };
  const column = columns.find((c) => c.key === sort) ?? columns[1] ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (typeof x === "string" || typeof y === "string") return String(x).localeCompare(String(y));
    return (y ?? -1) - (x ?? -1);
  });
  return (
    <Card>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {rows.length > 0 ? <CsvDownload filename={csvFilename} header={columns.map((c) => c.label)} rows={() => sorted.map((r) => columns.map((c) => c.value(r)))} /> : null}
      </div>
      {rows.length === 0 ? (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{emptyText}</p>
      ) : (
        <ScrollTable label={title}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c.key} className={c === columns[0] ? "" : "text-right"}>
                  <Link href={hrefForSort(c.key)} aria-sort={c === column ? (c === columns[0] ? "ascending" : "descending") : undefined} className={c === column ? "text-tremor-brand" : ""}>
                    {c.label}
                  </Link>
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {sorted.map((row) => (
              <TableRow key={rowKey(row)} data-testid="metric-row">
                {columns.map((c) => {
                  const v = c.value(row);
                  const text = c.format ? c.format(v as never) : String(v ?? "—");
                  const first = c === columns[0];
                  return (
                    <TableCell key={c.key} className={first ? "font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong" : "text-right tabular-nums"}>
                      {first && rowHref ? (
                        <Link href={rowHref(row)} className="hover:text-tremor-brand hover:underline">
                          {text}
                        </Link>
                      ) : (
                        text
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      )}
    </Card>
  );
}
