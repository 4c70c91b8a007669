import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import Link from "next/link";

export interface MetricColumn<Row> {
  key: string;
  label: string;
  value: (row: Row) => number | string | null;
  format?: (value: never) => string;
}

/**
 * A table of per-dimension figures, sorted by the column named in `?sort=` (descending;
 * text columns ascending). Sorting is a link, so the URL reproduces the view.
 */
export function MetricTable<Row>({
  rows,
  columns,
  sort,
  hrefForSort,
  rowKey,
  emptyText,
}: {
  rows: Row[];
  columns: MetricColumn<Row>[];
  sort: string;
  hrefForSort: (key: string) => string;
  rowKey: (row: Row) => string;
  emptyText: string;
}) {
  const column = columns.find((c) => c.key === sort) ?? columns[1] ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (typeof x === "string" || typeof y === "string") return String(x).localeCompare(String(y));
    return (y ?? -1) - (x ?? -1);
  });
  return (
    <Card>
      {rows.length === 0 ? (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{emptyText}</p>
      ) : (
        <Table>
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
                  return (
                    <TableCell key={c.key} className={c === columns[0] ? "font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong" : "text-right tabular-nums"}>
                      {c.format ? c.format(v as never) : String(v ?? "—")}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
