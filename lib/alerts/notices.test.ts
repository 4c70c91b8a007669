import { describe, expect, it } from "vitest";
import { noticeHeadline, noticeText, type NoticeFacts } from "./notices";

const facts = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
  type: "alert.firing",
  rule: { name: "p95 latency", metric: "request_latency", aggregation: "p95", comparator: ">", threshold: 1000, compareTo: null },
  severity: "critical",
  projectName: "Storefront",
  group: null,
  value: 1432,
  ...over,
});

describe("noticeHeadline", () => {
  it.each([
    ["a firing notice", facts(), "p95 latency"],
    ["a grouped one", facts({ group: "/api/cart" }), "p95 latency (/api/cart)"],
    ["a renotification", facts({ type: "alert.renotify", severity: "low" }), "p95 latency"],
    ["a resolve", facts({ type: "alert.resolved", value: 200 }), "p95 latency"],
    ["a project whose name has a dash", facts({ projectName: "Shop — EU" }), "p95 latency"],
  ])("keeps only the rule and group of %s", (_, f, headline) => {
    expect(noticeHeadline(noticeText(f).title, f.projectName)).toBe(headline);
  });

  it("returns a title of another shape whole", () => {
    expect(noticeHeadline("Channel “Ops hook” was disabled", "Storefront")).toBe("Channel “Ops hook” was disabled");
    expect(noticeHeadline("[FIRING · high] — Storefront", "Storefront")).toBe("— Storefront");
  });
});
