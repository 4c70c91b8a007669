// Figures for benchmark reports.

/** Nearest-rank quantile of an ascending array (NaN when empty). */
export function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
}

export function median(values) {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

/** Integers with thousands separators, other numbers with one decimal. */
export function fmt(x) {
  return typeof x === "number" ? (Number.isInteger(x) ? x.toLocaleString("en-US") : x.toFixed(1)) : String(x);
}
