/** web.dev thresholds: good ≤ first, poor > second (ms, except CLS which is unitless). */
export const VITAL_THRESHOLDS = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
} as const;

export type VitalName = keyof typeof VITAL_THRESHOLDS;
export type VitalRating = "good" | "needs-improvement" | "poor";

export function rateVital(name: VitalName, value: number): VitalRating {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return value <= good ? "good" : value > poor ? "poor" : "needs-improvement";
}

/** Display and response order: the three Core Web Vitals first, then the loading diagnostics. */
export const VITAL_NAMES = Object.keys(VITAL_THRESHOLDS) as VitalName[];

export function isVitalName(name: string): name is VitalName {
  return Object.hasOwn(VITAL_THRESHOLDS, name);
}
