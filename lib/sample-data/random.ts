/**
 * A small seeded PRNG and the distributions the sample data needs. Deterministic output is
 * the point: the same seed gives the same telemetry, so tests and benchmark runs compare
 * like with like. Not for anything security-related.
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  int(minInclusive: number, maxExclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `weights` aligned with `items`; they need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** log-normal with the given median; p95 = median × e^(1.645 σ). Latencies look like this. */
  logNormal(median: number, sigma: number): number;
  /** lowercase hex digits */
  hex(length: number): string;
  /** base62, the alphabet of most provider ids (`ord_8fK2mQ9x`) */
  base62(length: number): string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 32-bit integer mix of several inputs (a murmur3-style finaliser), for deriving sub-seeds. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h ^ Math.floor(part / 0x1_0000_0000), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * mulberry32: one 32-bit state word, fast, and good enough for synthetic data (it passes
 * gjrand's smaller batteries). Seeding a fresh generator per minute of telemetry is what
 * lets any part of the window be generated on its own.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = () => {
    // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items, weights) {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    hex(length) {
      let s = "";
      for (let i = 0; i < length; i++) s += "0123456789abcdef"[Math.floor(next() * 16)];
      return s;
    },
    base62(length) {
      let s = "";
      for (let i = 0; i < length; i++) s += BASE62[Math.floor(next() * 62)];
      return s;
    },
  };
}
