/**
 * The rollup model's time: bucket sizes, the tiers that store them, and how long each
 * tier is kept. Every other module takes these from here.
 */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export type RollupTable = "rollups_minute" | "rollups_hour" | "rollups_day";

/** Each tier's bucket size, coarsest first. */
export const TIERS: readonly [RollupTable, number][] = [
  ["rollups_day", DAY],
  ["rollups_hour", HOUR],
  ["rollups_minute", MINUTE],
];
export const TIER_BUCKET_MS: Record<RollupTable, number> = { rollups_minute: MINUTE, rollups_hour: HOUR, rollups_day: DAY };

/** Minute rollups are kept this long (retention), so finer series and totals need them within it. */
export const MINUTE_ROLLUP_RETENTION_DAYS = 8;
/** Hour and day rollups are kept at least this long, or the project's retention if longer. */
export const HOUR_ROLLUP_RETENTION_DAYS = 400;
export const MINUTE_ROLLUP_HORIZON_MS = MINUTE_ROLLUP_RETENTION_DAYS * DAY;

/** The tier whose buckets draw a series of this bucket size: the coarsest that divides it. */
export function seriesTier(bucketMs: number): RollupTable {
  return bucketMs < HOUR ? "rollups_minute" : bucketMs < DAY ? "rollups_hour" : "rollups_day";
}

/** A window aligned to whole series buckets, and the tier its series are read from. */
export interface TimeWindow {
  from: Date;
  to: Date;
  bucketMs: number;
  /** Which rollup table serves series buckets of this size (totals combine tiers: lib/rollups/tiers.ts). */
  source: RollupTable;
}
