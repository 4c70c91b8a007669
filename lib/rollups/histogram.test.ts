import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateHandle, openPglite } from "@/lib/db/client";
import {
  HISTOGRAM_GAMMA,
  HISTOGRAM_MAX,
  HISTOGRAM_MAX_INDEX,
  HISTOGRAM_MIN,
  HistogramSum,
  addToHistogram,
  bucketBounds,
  bucketEstimate,
  bucketIndex,
  histogramCount,
  histogramOf,
  mergeHistograms,
  nearestRank,
  quantile,
  quantiles,
  type Histogram,
} from "@/lib/rollups/histogram";

// ---- deterministic data ---------------------------------------------------------

/** mulberry32: small seeded PRNG, so datasets are identical on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal via Box–Muller. */
function normal(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const logNormal = (rand: () => number, median: number, sigma: number) =>
  median * Math.exp(sigma * normal(rand));

function generate(n: number, seed: number, draw: (rand: () => number) => number): number[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => draw(rand));
}

const N = 20_000;
const DATASETS: Record<string, number[]> = {
  // API latencies: median ~120 ms, long right tail.
  logNormal: generate(N, 1, (r) => logNormal(r, 120, 0.9)),
  uniform: generate(N, 2, (r) => 1 + r() * 4999),
  // 70% cache hits around 3 ms, 30% misses around 400 ms.
  bimodal: generate(N, 3, (r) => (r() < 0.7 ? logNormal(r, 3, 0.3) : logNormal(r, 400, 0.35))),
  // CLS-like: a quarter exactly 0, the rest mostly small shifts, capped at 0.5.
  tinyCls: generate(N, 4, (r) => (r() < 0.25 ? 0 : Math.min(0.5, logNormal(r, 0.05, 1)))),
  constant: generate(N, 5, () => 237.5),
};

/** Exact nearest-rank percentile, same definition as the module: x[max(1, ceil(q·n))]. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[nearestRank(q, sorted.length) - 1];
}

/** Relative error; at or below MIN the histogram reports 0, so exactness is required there. */
function relativeError(estimate: number, exact: number): number {
  if (exact <= HISTOGRAM_MIN) return estimate === 0 ? 0 : Infinity;
  return Math.abs(estimate - exact) / exact;
}

function maxErrorOver(values: number[], qs: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = histogramOf(values);
  const estimates = quantiles(h, qs);
  let max = 0;
  qs.forEach((q, i) => {
    max = Math.max(max, relativeError(estimates[i]!, exactQuantile(sorted, q)));
  });
  return max;
}

const sameHistogram = (a: Histogram, b: Histogram) =>
  expect(Object.entries(a).sort()).toEqual(Object.entries(b).sort());

// ---- accuracy -------------------------------------------------------------------

describe("percentile accuracy", () => {
  const headline = [0.5, 0.75, 0.95, 0.99];
  const everyPercent = Array.from({ length: 101 }, (_, i) => i / 100);

  for (const [name, values] of Object.entries(DATASETS)) {
    it(`${name}: p50/p75/p95/p99 within 2% (in fact ~1%) of the exact nearest-rank value`, () => {
      const err = maxErrorOver(values, headline);
      expect(err).toBeLessThanOrEqual(0.02);
      // The theoretical bound is √γ − 1 ≈ 0.995%; allow a hair for float at boundaries.
      expect(err).toBeLessThanOrEqual(Math.sqrt(HISTOGRAM_GAMMA) - 1 + 1e-9);
    });

    it(`${name}: every percentile p0..p100 within the same bound`, () => {
      expect(maxErrorOver(values, everyPercent)).toBeLessThanOrEqual(Math.sqrt(HISTOGRAM_GAMMA) - 1 + 1e-9);
    });
  }

  it("keeps the sample count", () => {
    for (const values of Object.values(DATASETS)) expect(histogramCount(histogramOf(values))).toBe(values.length);
  });
});

// ---- merging --------------------------------------------------------------------

describe("merging", () => {
  const values = [...DATASETS.logNormal, ...DATASETS.bimodal, ...DATASETS.tinyCls];
  const whole = histogramOf(values);

  function chunkHistograms(seed: number): Histogram[] {
    const rand = prng(seed);
    const chunks: number[][] = Array.from({ length: 60 }, () => []);
    for (const v of values) chunks[Math.floor(rand() * 60)].push(v);
    return chunks.map((c) => histogramOf(c));
  }

  function shuffled<T>(xs: T[], seed: number): T[] {
    const rand = prng(seed);
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  it("60 random chunks merged in any order equal the histogram of everything", () => {
    const parts = chunkHistograms(42);
    sameHistogram(mergeHistograms(...parts), whole);
    sameHistogram(mergeHistograms(...[...parts].reverse()), whole);
    for (const seed of [7, 8, 9]) sameHistogram(mergeHistograms(...shuffled(parts, seed)), whole);

    // Pairwise left fold, and a balanced tree (minute → hour → day rollups).
    sameHistogram(parts.reduce((acc, h) => mergeHistograms(acc, h), {}), whole);
    let level = shuffled(parts, 10);
    while (level.length > 1) {
      const next: Histogram[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(mergeHistograms(...level.slice(i, i + 2)));
      level = next;
    }
    sameHistogram(level[0], whole);
  });

  it("does not mutate its inputs and survives a JSON round trip", () => {
    const [a, b] = chunkHistograms(43);
    const before = JSON.stringify([a, b]);
    const merged = mergeHistograms(a, b);
    expect(JSON.stringify([a, b])).toBe(before);
    sameHistogram(JSON.parse(JSON.stringify(merged)) as Histogram, merged);
  });

  it("stores string keys of integer indexes → positive integer counts", () => {
    for (const [key, count] of Object.entries(whole)) {
      expect(key).toMatch(/^(0|[1-9]\d*)$/);
      expect(Number.isInteger(count) && count > 0).toBe(true);
    }
  });

  describe("vigil_hist_merge as the migrations install it (the same SQL on PostgreSQL)", () => {
    let db: PGlite;
    let close: () => Promise<void>;
    beforeAll(async () => {
      // A fresh in-memory database, migrated like the app's: the function under test is the
      // one production runs, not a copy.
      const handle = await openPglite();
      await migrateHandle(handle);
      db = (handle.db as unknown as { $client: PGlite }).$client;
      close = handle.close;
    });
    afterAll(async () => {
      await close?.();
    });

    const merge = async (a: Histogram | null, b: Histogram | null) =>
      (
        await db.query<{ h: Histogram }>("select vigil_hist_merge($1::jsonb, $2::jsonb) as h", [
          a === null ? null : JSON.stringify(a),
          b === null ? null : JSON.stringify(b),
        ])
      ).rows[0].h;

    it("is declared as an immutable SQL-language function", async () => {
      const { rows } = await db.query<{ lang: string; vol: string }>(
        `select l.lanname as lang, p.provolatile as vol
           from pg_proc p join pg_language l on l.oid = p.prolang
          where p.proname = 'vigil_hist_merge'`,
      );
      expect(rows).toEqual([{ lang: "sql", vol: "i" }]);
    });

    it("sums counts per key like mergeHistograms", async () => {
      expect(await merge({ "1": 2, "5": 1 }, { "5": 3, "900": 4 })).toEqual({ "1": 2, "5": 4, "900": 4 });
      const parts = chunkHistograms(44);
      let acc: Histogram = {};
      for (const h of parts) acc = await merge(acc, h);
      sameHistogram(acc, whole);
    });

    it("works as the state function of an aggregate over rows", async () => {
      // vigil_hist_sum is the migrations' aggregate over vigil_hist_merge.
      await db.exec("create table rollup (hist jsonb)");
      for (const h of chunkHistograms(45)) await db.query("insert into rollup values ($1::jsonb)", [JSON.stringify(h)]);
      await db.query("insert into rollup values (null), ('{}')");
      const { rows } = await db.query<{ h: Histogram }>("select vigil_hist_sum(hist) as h from rollup");
      sameHistogram(rows[0].h, whole);
    });

    it("is null-safe", async () => {
      expect(await merge(null, null)).toEqual({});
      expect(await merge({}, {})).toEqual({});
      expect(await merge(null, { "3": 1 })).toEqual({ "3": 1 });
      expect(await merge({ "3": 1 }, null)).toEqual({ "3": 1 });
      const { rows } = await db.query<{ h: Histogram }>(
        `select vigil_hist_merge('null'::jsonb, '{"7": 2}'::jsonb) as h`,
      );
      expect(rows[0].h).toEqual({ "7": 2 });
    });
  });
});

// ---- buckets & edge cases -------------------------------------------------------

describe("HistogramSum", () => {
  const values = [...DATASETS.logNormal, ...DATASETS.bimodal, ...DATASETS.tinyCls];
  const whole = histogramOf(values);
  // As PostgreSQL prints jsonb: keys sorted by length then bytes, ", " and ": " between.
  const asJsonb = (h: Histogram) =>
    `{${Object.keys(h)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
      .map((k) => `"${k}": ${h[k]}`)
      .join(", ")}}`;

  it("sums histograms given as jsonb text to the same histogram as mergeHistograms", () => {
    const rand = prng(7);
    const chunks: number[][] = Array.from({ length: 40 }, () => []);
    for (const v of values) chunks[Math.floor(rand() * 40)].push(v);
    const sum = new HistogramSum();
    for (const c of chunks) sum.addText(asJsonb(histogramOf(c)));
    expect(sum.toHistogram()).toEqual(mergeHistograms(whole));
  });

  it("takes anything that is not exactly jsonb's layout through JSON.parse, and skips invalid bins", () => {
    const sum = new HistogramSum();
    sum.addText('{"3":2,"7": 1}'); // other spacing
    sum.addText('{"3": 1e1}'); // an exponent
    sum.addText(`{"-1": 4, "${HISTOGRAM_MAX_INDEX + 1}": 4, "x": 4, "5": 0}`); // out of range or not a bin
    sum.addText("{}");
    sum.add({ "7": 2 });
    expect(sum.toHistogram()).toEqual({ "3": 12, "7": 3 });
  });
});

describe("buckets", () => {
  it("uses index 0 for values ≤ MIN and the formula above it", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(HISTOGRAM_MIN)).toBe(0);
    expect(bucketIndex(0.0005)).toBe(0);
    expect(bucketIndex(0.00100001)).toBe(1);
    expect(bucketIndex(120)).toBe(Math.floor(Math.log(120 / HISTOGRAM_MIN) / Math.log(HISTOGRAM_GAMMA)) + 1);
  });

  it("has contiguous bounds that contain their values, and an estimate within ~1%", () => {
    const rand = prng(99);
    for (let i = 0; i < 10_000; i++) {
      const v = HISTOGRAM_MIN * 10 ** (rand() * 12); // 0.001 .. 1e9
      const idx = bucketIndex(v);
      const { lower, upper } = bucketBounds(idx);
      expect(v).toBeGreaterThanOrEqual(lower * (1 - 1e-12));
      expect(v).toBeLessThanOrEqual(upper * (1 + 1e-12));
      expect(relativeError(bucketEstimate(idx), v)).toBeLessThanOrEqual(Math.sqrt(HISTOGRAM_GAMMA) - 1 + 1e-9);
    }
    expect(bucketBounds(0)).toEqual({ lower: 0, upper: HISTOGRAM_MIN });
    expect(bucketBounds(1).lower).toBeCloseTo(HISTOGRAM_MIN, 15);
    for (const i of [1, 100, 700, HISTOGRAM_MAX_INDEX - 1]) {
      expect(bucketBounds(i).upper).toBeCloseTo(bucketBounds(i + 1).lower, 6);
    }
    expect(bucketEstimate(0)).toBe(0);
  });

  it("clamps very large values into the top bucket (~1e9 ms)", () => {
    expect(HISTOGRAM_MAX_INDEX).toBe(1396);
    expect(bucketIndex(HISTOGRAM_MAX)).toBe(HISTOGRAM_MAX_INDEX);
    expect(bucketIndex(1e15)).toBe(HISTOGRAM_MAX_INDEX);
    expect(bucketIndex(Number.MAX_VALUE)).toBe(HISTOGRAM_MAX_INDEX);
    expect(relativeError(quantile(histogramOf([5e12]), 0.5)!, HISTOGRAM_MAX)).toBeLessThan(0.01);
    expect(() => bucketBounds(HISTOGRAM_MAX_INDEX + 1)).toThrow(RangeError);
    expect(() => bucketEstimate(-1)).toThrow(RangeError);
    expect(() => bucketEstimate(1.5)).toThrow(RangeError);
  });

  it("keeps realistic histograms small (10k latencies → a few hundred keys)", () => {
    // API latencies with a long tail plus 1% timeouts between 10 s and 30 s.
    const values = generate(10_000, 11, (r) => (r() < 0.01 ? 10_000 + r() * 20_000 : logNormal(r, 120, 0.9)));
    const keys = Object.keys(histogramOf(values)).length;
    expect(keys).toBeLessThanOrEqual(400);
    expect(JSON.stringify(histogramOf(values)).length).toBeLessThan(5_000);
  });
});

describe("edge cases", () => {
  it("empty → null", () => {
    expect(quantile({}, 0.5)).toBeNull();
    expect(quantiles({}, [0, 0.5, 1])).toEqual([null, null, null]);
    expect(quantile(histogramOf([]), 0.99)).toBeNull();
    expect(histogramCount({})).toBe(0);
    expect(mergeHistograms()).toEqual({});
    expect(mergeHistograms({}, {})).toEqual({});
  });

  it("a single value reads back within ~1% for every q", () => {
    const h = histogramOf([42]);
    expect(h).toEqual({ [String(bucketIndex(42))]: 1 });
    for (const q of [0, 0.5, 0.99, 1]) expect(relativeError(quantile(h, q)!, 42)).toBeLessThan(0.01);
  });

  it("zero goes to bucket 0 and reads back as exactly 0", () => {
    expect(histogramOf([0, 0])).toEqual({ "0": 2 });
    expect(quantile(histogramOf([0]), 0.5)).toBe(0);
  });

  it("negative values are clamped to 0 (still counted)", () => {
    expect(bucketIndex(-5)).toBe(0);
    expect(histogramOf([-5, -0.1])).toEqual({ "0": 2 });
    expect(quantile(histogramOf([-5, 100]), 0)).toBe(0);
  });

  it("NaN and ±Infinity are ignored by histogramOf/addToHistogram, rejected by bucketIndex", () => {
    const h = histogramOf([Number.NaN, Infinity, -Infinity, 10]);
    expect(histogramCount(h)).toBe(1);
    expect(h).toEqual(histogramOf([10]));
    expect(() => bucketIndex(Number.NaN)).toThrow(RangeError);
    expect(() => bucketIndex(Infinity)).toThrow(RangeError);
  });

  it("q = 0 is the minimum and q = 1 the maximum; q outside [0, 1] is rejected", () => {
    const values = [5, 1, 900, 30];
    const h = histogramOf(values);
    expect(relativeError(quantile(h, 0)!, 1)).toBeLessThan(0.01);
    expect(relativeError(quantile(h, 1)!, 900)).toBeLessThan(0.01);
    expect(() => quantile(h, -0.1)).toThrow(RangeError);
    expect(() => quantile(h, 1.1)).toThrow(RangeError);
    expect(() => quantile(h, Number.NaN)).toThrow(RangeError);
  });

  it("nearest rank absorbs float noise in q·n", () => {
    expect(nearestRank(0.95, 100)).toBe(95); // 0.95 * 100 = 95.00000000000001
    expect(nearestRank(0, 10)).toBe(1);
    expect(nearestRank(1, 10)).toBe(10);
    expect(nearestRank(0.5, 3)).toBe(2);
  });

  it("addToHistogram mutates in place with an optional count", () => {
    const h: Histogram = {};
    addToHistogram(h, 100, 5);
    addToHistogram(h, 100);
    addToHistogram(h, 100, 0);
    expect(h).toEqual({ [String(bucketIndex(100))]: 6 });
    expect(() => addToHistogram(h, 100, -1)).toThrow(RangeError);
    expect(() => addToHistogram(h, 100, 1.5)).toThrow(RangeError);
  });

  it("ignores malformed entries when reading (e.g. hand-edited jsonb)", () => {
    const h = { "abc": 3, "-1": 2, "1.5": 1, "99999": 1, [String(bucketIndex(50))]: 2, "10": 0 } as Histogram;
    expect(quantile(h, 0.5)).toBe(bucketEstimate(bucketIndex(50)));
  });
});
