/**
 * The share of `whole` that `part` is (0.05 for 5 errors in 100 requests), or null when
 * there is no whole: a window without traffic has no error rate, which the dashboard shows
 * as "—" rather than as a reassuring 0%. One definition for the API's rates and the KPI
 * cards that compute them from totals; plain arithmetic, safe in the browser bundle.
 */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
