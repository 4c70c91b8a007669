import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { resolveWindow, windowQuery } from "./window";

const NOW = Date.parse("2026-11-24T12:34:56.000Z");
const resolve = (q: Record<string, string>) => resolveWindow(windowQuery.parse(q), NOW);

describe("time windows", () => {
  it("defaults to the last 24 hours in hourly buckets from hour rollups, widened to whole buckets", () => {
    const w = resolve({});
    expect(w).toMatchObject({ bucketMs: 3_600_000, source: "rollups_hour" });
    expect(w.from.toISOString()).toBe("2026-11-23T12:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-11-24T13:00:00.000Z");
  });

  it("picks the bucket from the range, or takes the interval given", () => {
    expect(resolve({ range: "1h" })).toMatchObject({ bucketMs: 60_000, source: "rollups_minute" });
    expect(resolve({ range: "6h" })).toMatchObject({ bucketMs: 300_000, source: "rollups_minute" });
    expect(resolve({ range: "7d" })).toMatchObject({ bucketMs: 3_600_000, source: "rollups_hour" });
    expect(resolve({ range: "30d" })).toMatchObject({ bucketMs: 86_400_000, source: "rollups_day" });
    expect(resolve({ range: "24h", interval: "1h" })).toMatchObject({ bucketMs: 3_600_000, source: "rollups_hour" });
  });

  it("accepts from/to as ISO or epoch ms", () => {
    const w = resolve({ from: "2026-11-24T10:00:00Z", to: String(Date.parse("2026-11-24T11:00:00Z")) });
    expect(w.from.toISOString()).toBe("2026-11-24T10:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-11-24T11:00:00.000Z");
    expect(w.bucketMs).toBe(60_000);
  });

  it("refuses what cannot be served, naming the parameter", () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: "2026-11-24T11:00:00Z", to: "2026-11-24T10:00:00Z" }, "to"],
      [{ from: "2025-01-01T00:00:00Z", to: "2026-11-24T00:00:00Z" }, "to"],
      [{ to: "2026-11-24T10:00:00Z" }, "from"],
      [{ range: "1h", from: "2026-11-24T10:00:00Z" }, "range"],
      [{ range: "90d", interval: "1m" }, "interval"],
      [{ from: "2026-11-01T00:00:00Z", to: "2026-11-01T12:00:00Z", interval: "5m" }, "interval"],
    ];
    for (const [q, field] of cases) {
      const err = (() => {
        try {
          resolve(q);
        } catch (e) {
          return e;
        }
      })();
      expect(err, JSON.stringify(q)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).errors[0].pointer).toBe(`query.${field}`);
    }
    expect(windowQuery.safeParse({ range: "2h" }).success).toBe(false);
    expect(windowQuery.safeParse({ from: "yesterday" }).success).toBe(false);
  });
});
