import { describe, expect, it } from "vitest";
import { segments } from "./tiers";
import { MINUTE_ROLLUP_HORIZON_MS } from "./time";

const at = (iso: string) => Date.parse(iso);
const show = (s: ReturnType<typeof segments>) => s.map((x) => `${x.table.replace("rollups_", "")} ${new Date(x.from).toISOString().slice(5, 16)}→${new Date(x.to).toISOString().slice(5, 16)}`);

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * segments(from, to, now), checked to cover the window: one after another with no gap or
 * overlap, each non-empty, from the window's start to its end — widened only to whole
 * buckets of the finest tier available (minutes inside the horizon, hours beyond it).
 */
function coveringSegments(from: number, to: number, now: number) {
  const parts = segments(from, to, now);
  if (from >= to) {
    expect(parts).toEqual([]);
    return parts;
  }
  const finest = from >= now - MINUTE_ROLLUP_HORIZON_MS ? MINUTE : HOUR;
  expect(parts.length).toBeGreaterThan(0);
  expect(parts[0].from).toBe(Math.floor(from / finest) * finest);
  expect(parts.at(-1)!.to).toBe(Math.ceil(to / finest) * finest);
  for (const [i, part] of parts.entries()) {
    expect(part.to).toBeGreaterThan(part.from);
    if (i > 0) expect(part.from).toBe(parts[i - 1].to);
  }
  return parts;
}

describe("segments", () => {
  const now = at("2026-11-24T12:00:00Z");

  it("covers a window with whole days in the middle, hours and minutes at the edges", () => {
    expect(show(coveringSegments(at("2026-11-20T10:35:00Z"), at("2026-11-23T14:20:00Z"), now))).toEqual([
      "minute 11-20T10:35→11-20T11:00",
      "hour 11-20T11:00→11-21T00:00",
      "day 11-21T00:00→11-23T00:00",
      "hour 11-23T00:00→11-23T14:00",
      "minute 11-23T14:00→11-23T14:20",
    ]);
  });

  it("uses a single tier when the window fits it, and nothing for an empty window", () => {
    expect(show(coveringSegments(at("2026-11-24T09:00:00Z"), at("2026-11-24T11:00:00Z"), now))).toEqual(["hour 11-24T09:00→11-24T11:00"]);
    expect(show(coveringSegments(at("2026-11-24T09:05:00Z"), at("2026-11-24T09:45:00Z"), now))).toEqual(["minute 11-24T09:05→11-24T09:45"]);
    expect(coveringSegments(at("2026-11-24T09:00:00Z"), at("2026-11-24T09:00:00Z"), now)).toEqual([]);
  });

  it("beyond the minute horizon, widens the edges to whole hours", () => {
    expect(show(coveringSegments(at("2026-11-01T10:35:00Z"), at("2026-11-01T12:20:00Z"), now))).toEqual(["hour 11-01T10:00→11-01T13:00"]);
  });

  it("segments cover the window exactly, contiguous and never overlapping, whatever its edges", () => {
    const parts = coveringSegments(at("2026-10-03T07:13:00Z"), at("2026-11-24T11:59:00Z"), now);
    // Beyond the minute horizon: hours at both edges (the last one widened to 12:00), days between.
    expect(show(parts)).toEqual(["hour 10-03T07:00→10-04T00:00", "day 10-04T00:00→11-24T00:00", "hour 11-24T00:00→11-24T12:00"]);
    // Edges at and off every bucket boundary, inside and beyond the minute horizon, short and long.
    const starts = ["2026-11-24T11:59:00Z", "2026-11-24T00:00:00Z", "2026-11-23T23:30:00Z", "2026-11-20T10:35:00Z", "2026-11-01T00:00:00Z", "2026-10-03T07:13:00Z"];
    const lengths = [MINUTE, 59 * MINUTE, HOUR, HOUR + MINUTE, 23 * HOUR, 24 * HOUR, 25 * HOUR + 17 * MINUTE, 30 * 24 * HOUR];
    for (const start of starts) {
      for (const length of lengths) coveringSegments(at(start), Math.min(at(start) + length, now), now);
    }
  });
});
