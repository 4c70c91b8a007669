"use client";

import { toCsv, type CsvValue } from "@/lib/csv";

/**
 * Downloads what a table shows as CSV, built in the browser from the rows it already has.
 * Client views pass a function (rows are built on click); server components pass the rows.
 */
export function CsvDownload({ filename, header, rows }: { filename: string; header: string[]; rows: CsvValue[][] | (() => CsvValue[][]) }) {
  function download() {
    const blob = new Blob([toCsv(header, typeof rows === "function" ? rows() : rows)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement("a"), { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  }
  return (
    <button
      type="button"
      onClick={download}
      data-testid="csv-download"
      className="rounded-tremor-default border border-tremor-border px-2.5 py-1 text-tremor-default text-tremor-content hover:bg-tremor-background-subtle dark:border-dark-tremor-border dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-subtle"
    >
      Download CSV
    </button>
  );
}
