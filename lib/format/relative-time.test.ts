import { describe, expect, it } from "vitest";
import { timeAgo } from "./relative-time";

describe("timeAgo", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  it.each([
    ["2026-03-01T12:00:00Z", "just now"],
    ["2026-03-01T11:59:01Z", "just now"],
    ["2026-03-01T11:59:00Z", "1 min ago"],
    ["2026-03-01T11:00:01Z", "59 min ago"],
    ["2026-03-01T11:00:00Z", "1 h ago"],
    ["2026-02-28T12:00:01Z", "23 h ago"],
    ["2026-02-27T12:00:00Z", "2 d ago"],
    // A clock a little ahead of the browser's is not "in the future".
    ["2026-03-01T12:00:05Z", "just now"],
  ])("%s → %s", (iso, words) => {
    expect(timeAgo(iso, now)).toBe(words);
  });
});
