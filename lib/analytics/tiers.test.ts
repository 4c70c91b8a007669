import { describe, expect, it } from "vitest";
import { segments } from "./tiers";

const at = (iso: string) => Date.parse(iso);
const show = (s: ReturnType<typeof segments>) => s.map((x) => `${x.table.replace("rollups_", "")} ${new Date(x.from).toISOString().slice(5, 16)}→${new Date(x.to).toISOString().slice(5, 16)}`);

describe("segments", () => {
  const now = at("2026-11-24T12:00:00Z");

  it("covers a window with whole days in the middle, hours and minutes at the edges", () => {
    expect(show(segments(at("2026-11-20T10:35:00Z"), at("2026-11-23T14:20:00Z"), now))).toEqual([
      "minute 11-20T10:35→11-20T11:00",
      "hour 11-20T11:00→11-21T00:00",
      "day 11-21T00:00→11-23T00:00",
      "hour 11-23T00:00→11-23T14:00",
      "minute 11-23T14:00→11-23T14:20",
    ]);
  });

  it("uses a single tier when the window fits it, and nothing for an empty window", () => {
    expect(show(segments(at("2026-11-24T09:00:00Z"), at("2026-11-24T11:00:00Z"), now))).toEqual(["hour 11-24T09:00→11-24T11:00"]);
    expect(show(segments(at("2026-11-24T09:05:00Z"), at("2026-11-24T09:45:00Z"), now))).toEqual(["minute 11-24T09:05→11-24T09:45"]);
    expect(segments(at("2026-11-24T09:00:00Z"), at("2026-11-24T09:00:00Z"), now)).toEqual([]);
  });

  it("beyond the minute horizon, widens the edges to whole hours", () => {
    expect(show(segments(at("2026-11-01T10:35:00Z"), at("2026-11-01T12:20:00Z"), now))).toEqual(["hour 11-01T10:00→11-01T13:00"]);
  });

  it("segments are contiguous and never overlap", () => {
    const parts = segments(at("2026-10-03T07:13:00Z"), at("2026-11-24T11:59:00Z"), now);
    for (let i = 1; i < parts.length; i++) expect(parts[i].from).toBe(parts[i - 1].to);
  });
});
