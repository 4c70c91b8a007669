import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { MINUTE_ROLLUP_HORIZON_MS, MINUTE_ROLLUP_RETENTION_DAYS, seriesTier, type TimeWindow } from "@/lib/rollups/time";

export type { TimeWindow };

/**
 * API.md's time windows: `?from=&to=` (ISO or epoch ms) or `?range=` (default 24h), at most
 * 400 days; series buckets chosen from the window unless `?interval=` is given. Windows are
 * widened to whole buckets, since rollups are stored per minute and per hour.
 */
export const RANGES = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000, "90d": 7_776_000_000 } as const;
export const INTERVALS = { "1m": 60_000, "5m": 300_000, "1h": 3_600_000, "1d": 86_400_000 } as const;
export type Range = keyof typeof RANGES;
export type Interval = keyof typeof INTERVALS;

const MAX_WINDOW_MS = 400 * 86_400_000;
/** Upper bound of points in one series, so a 1-minute interval over 90 days is refused. */
const MAX_POINTS = 2_000;

const instant = z
  .union([z.string().regex(/^\d+$/).transform(Number), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
    error: "Expected an ISO 8601 timestamp or epoch milliseconds",
  })
  // Up to the end of year 9999: later instants have no ISO form and cannot be queried.
  .pipe(z.number().int().nonnegative().max(253_402_300_799_999, "Must be before the year 10000"));

export const windowQuery = z.object({
  range: z.enum(Object.keys(RANGES) as [Range, ...Range[]]).optional(),
  from: instant.optional(),
  to: instant.optional(),
  interval: z.enum(Object.keys(INTERVALS) as [Interval, ...Interval[]]).optional(),
});
export type WindowQuery = z.input<typeof windowQuery>;


/** A window that cannot be served, pointed at the query parameter to change. */
function refuse(field: string, message: string): never {
  throw new ValidationError([{ pointer: `query.${field}`, message }], message);
}

/**
 * The bucket a window of this length is drawn with: 24 to 170 points, each read from one
 * rollup tier. A day is drawn hourly rather than every 5 minutes: 288 points per series
 * would read ~12× more rollup rows for a chart no more useful at dashboard size.
 */
export function defaultInterval(spanMs: number): Interval {
  if (spanMs <= 2 * 3_600_000) return "1m";
  if (spanMs <= 6 * 3_600_000) return "5m";
  if (spanMs <= 24 * 3_600_000) return "1h";
  if (spanMs <= 7 * 86_400_000) return "1h";
  return "1d";
}

/** The span a query asks for, before any bucketing (raw-row reads such as logs use only this). */
export function resolveSpan(query: z.output<typeof windowQuery>, now = Date.now()): { from: number; to: number } {
  let from: number;
  let to: number;
  if (query.from !== undefined || query.to !== undefined) {
    if (query.range) refuse("range", "Give either `range` or `from`/`to`, not both");
    if (query.from === undefined) refuse("from", "`from` is required with `to`");
    from = query.from;
    to = query.to ?? now;
    if (to <= from) refuse("to", "`to` must be after `from`");
    if (to - from > MAX_WINDOW_MS) refuse("to", "A window spans at most 400 days");
  } else {
    to = now;
    from = now - RANGES[query.range ?? "24h"];
  }
  return { from, to };
}

export function resolveWindow(query: z.output<typeof windowQuery>, now = Date.now()): TimeWindow {
  const { from, to } = resolveSpan(query, now);
  const interval = query.interval ?? defaultInterval(to - from);
  const bucketMs = INTERVALS[interval];
  const alignedFrom = Math.floor(from / bucketMs) * bucketMs;
  const alignedTo = Math.ceil(to / bucketMs) * bucketMs;
  if ((alignedTo - alignedFrom) / bucketMs > MAX_POINTS) {
    refuse("interval", `\`${interval}\` gives more than ${MAX_POINTS} points for this window; choose a coarser interval`);
  }
  const source = seriesTier(bucketMs);
  if (source === "rollups_minute" && alignedFrom < now - MINUTE_ROLLUP_HORIZON_MS) {
    refuse("interval", `Minute resolution is kept for ${MINUTE_ROLLUP_RETENTION_DAYS} days; choose \`1h\` or \`1d\` for older data`);
  }
  return { from: new Date(alignedFrom), to: new Date(alignedTo), bucketMs, source };
}

/** A page's `?range=` as a preset, falling back to 24h for anything else. */
export function rangeParam(value: string | undefined): Range {
  return value && value in RANGES ? (value as Range) : "24h";
}

/** A window as it travels in a page URL and a query key: a preset, or custom bounds. */
export type WindowParams = { range: Range } | { from: string; to: string };

/**
 * The window a dashboard URL asks for. A hand-edited URL with a bad or unservable window
 * falls back to the last 24 hours rather than an error page.
 */
export function windowParams(search: Record<string, string | string[] | undefined>, now = Date.now()): WindowParams {
  const from = typeof search.from === "string" ? search.from : undefined;
  const to = typeof search.to === "string" ? search.to : undefined;
  if (from && to) {
    const parsed = windowQuery.safeParse({ from, to });
    if (parsed.success) {
      try {
        resolveWindow(parsed.data, now);
        return { from, to };
      } catch {
        // not servable (too long, inverted): fall through to the default
      }
    }
  }
  return { range: rangeParam(typeof search.range === "string" ? search.range : undefined) };
}

/** The TimeWindow of URL window params (already validated by `windowParams`). */
export function windowOf(params: WindowParams, now = Date.now()): TimeWindow {
  return resolveWindow(windowQuery.parse(params), now);
}
