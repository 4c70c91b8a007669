const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The x-axis label of a bucket starting at `iso`, as fine as the bucket: a day for daily
 * buckets, day and time for hourly ones, the time alone below that (in the viewer's locale).
 */
export function bucketLabel(iso: string, bucketMs: number): string {
  const d = new Date(iso);
  if (bucketMs >= DAY_MS) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  if (bucketMs >= HOUR_MS) return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
