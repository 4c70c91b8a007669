import { formatMs } from "@/components/metrics/format";
import { VITAL_THRESHOLDS, type VitalName, type VitalRating } from "@/lib/analytics/vitals";

/** What each abbreviation stands for, for titles and tooltips. */
export const VITAL_LABELS: Record<VitalName, string> = {
  LCP: "Largest Contentful Paint",
  INP: "Interaction to Next Paint",
  CLS: "Cumulative Layout Shift",
  FCP: "First Contentful Paint",
  TTFB: "Time to First Byte",
};

export const RATING_LABELS: Record<VitalRating, string> = { good: "Good", "needs-improvement": "Needs improvement", poor: "Poor" };

/** web.dev's traffic-light colours (green, amber, red), readable on light and dark backgrounds. */
export const RATING_TEXT: Record<VitalRating, string> = {
  good: "text-emerald-600 dark:text-emerald-400",
  "needs-improvement": "text-amber-600 dark:text-amber-400",
  poor: "text-red-600 dark:text-red-400",
};
export const RATING_FILL: Record<VitalRating, string> = {
  good: "bg-emerald-500",
  "needs-improvement": "bg-amber-400",
  poor: "bg-red-500",
};

/** CLS is a unitless score (shown like web.dev, to two decimals); the others are milliseconds. */
export function formatVital(name: VitalName, value: number | null): string {
  if (value === null) return "—";
  if (name !== "CLS") return formatMs(value);
  return value === 0 ? "0" : value.toFixed(value < 0.01 ? 3 : 2);
}

/** "good ≤ 2.50 s · poor > 4.00 s": the thresholds a reader needs to judge the number. */
export function thresholdText(name: VitalName): string {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return `good ≤ ${formatVital(name, good)} · poor > ${formatVital(name, poor)}`;
}
