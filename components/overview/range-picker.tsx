import Link from "next/link";
import { RANGES, type Range } from "@/lib/analytics/window";

/** Preset windows as links, so the URL holds the view and a link reproduces it. */
export function RangePicker({ basePath, current }: { basePath: string; current: Range }) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-tremor-default border border-tremor-border p-0.5 dark:border-dark-tremor-border">
      {(Object.keys(RANGES) as Range[]).map((range) => (
        <Link
          key={range}
          href={`${basePath}?range=${range}`}
          aria-current={range === current ? "true" : undefined}
          className={`rounded-tremor-small px-2.5 py-1 text-tremor-default ${
            range === current
              ? "bg-tremor-brand text-white"
              : "text-tremor-content hover:bg-tremor-background-subtle dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-subtle"
          }`}
        >
          {range}
        </Link>
      ))}
    </nav>
  );
}
