/**
 * Mergeable log-scale histogram for latency percentiles in rollups.
 *
 * Rollups (per project, per minute/hour/day, per dimension) store one of these as the
 * JSON text of a sparse object `{ "<bucketIndex>": count }`. Rollups of rollups are built
 * by summing counts per key (in JS with `mergeHistograms` and `HistogramSum`; in SQL with
 * `vigil_hist_merge`, installed by migration 0011, on the fold's rare conflict path), which
 * is exact: merging never loses precision,
 * whatever the order or grouping. Percentiles are read in JS with `quantile`.
 *
 * Buckets (fixed, identical everywhere, so histograms are always compatible):
 * - index 0: the zero/underflow bucket, values v ≤ HISTOGRAM_MIN (0.001). Estimates as 0.
 *   Values this small are "zero" for every metric we track (ms latencies; CLS, whose
 *   meaningful resolution is ~0.001).
 * - index i ≥ 1: values in [MIN·γ^(i-1), MIN·γ^i), i.e. i = floor(log(v/MIN)/log γ) + 1.
 *   (v exactly at a boundary can land in either neighbour because of floating point;
 *   that is harmless, since bucketIndex is deterministic and the error bound below still holds.)
 * - values above HISTOGRAM_MAX (1e9 ms ≈ 11.6 days) are clamped into the top bucket
 *   HISTOGRAM_MAX_INDEX (= bucketIndex(1e9) = 1396); anything larger reads back as ~1e9.
 *
 * Why γ = 1.02: a value v in bucket [L, γL) is estimated by the geometric midpoint
 * L·√γ, so the relative error is at most √γ − 1 ≈ 0.995% (at v = L) and 1 − 1/√γ ≈ 0.985%
 * (as v → γL): ≤ ~1% for every percentile, independent of the distribution. The price is
 * the bucket count: one bucket per 2% of range, i.e. log(γ)⁻¹ ≈ 116 buckets per decade.
 * Real latency sets span 2–3 decades, so a histogram has at most a few hundred keys
 * (the full 0.001 → 1e9 range is 1397 buckets), small enough for a jsonb column.
 *
 * Input validation (telemetry must never make aggregation throw):
 * - negative finite values are clamped to 0 (bucket 0): they come from clock skew and
 *   still count as an observation, so counts match the rollup's event count;
 * - NaN and ±Infinity are ignored (not counted) by histogramOf/addToHistogram;
 *   bucketIndex itself throws a RangeError for them, as they have no bucket.
 *
 * Percentiles use the nearest-rank definition: for n observations sorted ascending
 * x[1..n], the q-quantile is x[r] with r = max(1, ceil(q·n)). So q = 0 is the minimum
 * and q = 1 the maximum. `quantile` returns the estimate of the bucket holding x[r].
 */

/** Growth factor between consecutive bucket bounds (2% wide buckets, ≤ ~1% error). */
export const HISTOGRAM_GAMMA = 1.02;
/** Values ≤ this go into bucket 0 and read back as 0. */
export const HISTOGRAM_MIN = 0.001;
/** Values above this are clamped into the top bucket. */
export const HISTOGRAM_MAX = 1e9;

const LOG_GAMMA = Math.log(HISTOGRAM_GAMMA);

/** Sparse histogram: string keys of integer bucket indexes → positive integer counts. JSON-safe. */
export type Histogram = Record<string, number>;

function rawIndex(v: number): number {
  return Math.floor(Math.log(v / HISTOGRAM_MIN) / LOG_GAMMA) + 1;
}

/** Index of the top bucket (where values > HISTOGRAM_MAX are clamped). */
export const HISTOGRAM_MAX_INDEX = rawIndex(HISTOGRAM_MAX);

/** Bucket index of a value. Negative → 0 (clamped); > MAX → top bucket; NaN/±Infinity → RangeError. */
export function bucketIndex(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`histogram value must be finite, got ${value}`);
  if (value <= HISTOGRAM_MIN) return 0;
  if (value >= HISTOGRAM_MAX) return HISTOGRAM_MAX_INDEX;
  return rawIndex(value);
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > HISTOGRAM_MAX_INDEX) {
    throw new RangeError(`bucket index must be an integer in [0, ${HISTOGRAM_MAX_INDEX}], got ${index}`);
  }
}

/** Value range covered by a bucket: [lower, upper) for i ≥ 1, [0, MIN] for 0. */
export function bucketBounds(index: number): { lower: number; upper: number } {
  checkIndex(index);
  if (index === 0) return { lower: 0, upper: HISTOGRAM_MIN };
  return {
    lower: HISTOGRAM_MIN * HISTOGRAM_GAMMA ** (index - 1),
    upper: HISTOGRAM_MIN * HISTOGRAM_GAMMA ** index,
  };
}

/** Representative value of a bucket: geometric midpoint (minimises the worst relative error); 0 for bucket 0. */
export function bucketEstimate(index: number): number {
  checkIndex(index);
  if (index === 0) return 0;
  return HISTOGRAM_MIN * HISTOGRAM_GAMMA ** (index - 0.5);
}

/** Adds `count` observations of `value` (mutates h). NaN/±Infinity are ignored; count must be a non-negative integer. */
export function addToHistogram(h: Histogram, value: number, count = 1): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`histogram count must be a non-negative integer, got ${count}`);
  }
  if (count === 0 || !Number.isFinite(value)) return;
  const key = String(bucketIndex(value));
  h[key] = (h[key] ?? 0) + count;
}

export function histogramOf(values: Iterable<number>): Histogram {
  const h: Histogram = {};
  for (const v of values) addToHistogram(h, v);
  return h;
}

/** Sums counts per key into a new histogram (inputs untouched). Non-positive or non-finite counts are skipped. */
export function mergeHistograms(...hs: Histogram[]): Histogram {
  const out: Histogram = {};
  for (const h of hs) {
    if (!h) continue;
    for (const [key, count] of Object.entries(h)) {
      if (!(count > 0) || !Number.isFinite(count)) continue;
      out[key] = (out[key] ?? 0) + count;
    }
  }
  return out;
}

/**
 * The quantiles the rollup fold stores beside each row's histogram (column `quantiles`, in
 * this order), so that a series reading one row per bucket needs no histogram at all.
 */
export const STORED_QUANTILES = [0.5, 0.75, 0.95, 0.99] as const;

/**
 * Sums many histograms into one slot per bucket index. Reads merge hundreds of rollup rows
 * of a few hundred bins each; a dense array is several times faster than a sparse object
 * with integer-like keys, and parsing PostgreSQL's jsonb text directly skips building one
 * object per row (lib/rollups/tiers.ts `aggregate`).
 */
export class HistogramSum {
  private readonly counts = new Float64Array(HISTOGRAM_MAX_INDEX + 1);

  add(h: Histogram): void {
    for (const key in h) {
      const index = Number(key);
      const count = h[key];
      if (Number.isInteger(index) && index >= 0 && index <= HISTOGRAM_MAX_INDEX && count > 0 && Number.isFinite(count)) this.counts[index] += count;
    }
  }

  /**
   * Adds a histogram given as jsonb text, `{"12": 3, "15": 1}`. Anything else (another
   * spacing, an exponent, a stray key) goes through JSON.parse instead, so the fast path
   * never guesses.
   */
  addText(text: string): void {
    const pairs = parseHistogramText(text);
    if (!pairs) return this.add(JSON.parse(text) as Histogram);
    for (let i = 0; i < pairs.length; i += 2) this.counts[pairs[i]] += pairs[i + 1];
  }

  toHistogram(): Histogram {
    const h: Histogram = {};
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) h[i] = this.counts[i];
    return h;
  }
}

/** [index, count, index, count, …] of `{"<index>": <count>, …}`, or null when the text is not exactly that. */
function parseHistogramText(s: string): number[] | null {
  const out: number[] = [];
  const n = s.length;
  if (s.charCodeAt(0) !== 123 /* { */ || s.charCodeAt(n - 1) !== 125 /* } */) return null;
  let i = 1;
  const digits = (): number => {
    const start = i;
    let v = 0;
    for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) v = v * 10 + (c - 48);
    return i > start && i - start <= 15 ? v : -1;
  };
  while (i < n - 1) {
    if (s.charCodeAt(i) !== 34 /* " */) return null;
    i++;
    const index = digits();
    if (index < 0 || index > HISTOGRAM_MAX_INDEX || s.charCodeAt(i) !== 34 || s.charCodeAt(i + 1) !== 58 /* : */ || s.charCodeAt(i + 2) !== 32) return null;
    i += 3;
    const count = digits();
    if (count < 0) return null;
    out.push(index, count);
    if (i === n - 1) break;
    if (s.charCodeAt(i) !== 44 /* , */ || s.charCodeAt(i + 1) !== 32) return null;
    i += 2;
  }
  return out;
}

export function histogramCount(h: Histogram): number {
  let n = 0;
  for (const count of Object.values(h)) if (count > 0 && Number.isFinite(count)) n += count;
  return n;
}

/**
 * Nearest rank (1-based) of the q-quantile among n observations: max(1, ceil(q·n)).
 * A tiny epsilon absorbs float noise in q·n (0.95·100 = 95.00000000000001 must give 95).
 */
export function nearestRank(q: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9)));
}

/** Valid (index, count) pairs sorted by index ascending, i.e. by value ascending. */
function sortedBuckets(h: Histogram): [number, number][] {
  const out: [number, number][] = [];
  for (const [key, count] of Object.entries(h)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index > HISTOGRAM_MAX_INDEX) continue;
    if (!(count > 0) || !Number.isFinite(count)) continue;
    out.push([index, count]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Estimated nearest-rank q-quantile (q in [0, 1]); null when the histogram is empty.
 * Within ~1% relative error of the exact nearest-rank percentile (values ≤ MIN read as 0).
 */
export function quantile(h: Histogram, q: number): number | null {
  return quantiles(h, [q])[0];
}

/** Several quantiles with a single sort of the buckets. */
export function quantiles(h: Histogram, qs: number[]): (number | null)[] {
  for (const q of qs) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  }
  const buckets = sortedBuckets(h);
  let n = 0;
  for (const [, count] of buckets) n += count;
  if (n === 0) return qs.map(() => null);
  return qs.map((q) => {
    const rank = nearestRank(q, n);
    let seen = 0;
    for (const [index, count] of buckets) {
      seen += count;
      if (seen >= rank) return bucketEstimate(index);
    }
    return bucketEstimate(buckets[buckets.length - 1][0]); // unreachable: seen reaches n ≥ rank
  });
}
