import { describe, expect, it } from "vitest";
import { noun, plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "issue")).toBe("1 issue");
    expect(plural(1, "open issue")).toBe("1 open issue");
    expect(plural(-1, "day")).toBe("-1 day");
  });

  it("adds an s for zero, many and fractions", () => {
    expect(plural(0, "event")).toBe("0 events");
    expect(plural(2, "deployment")).toBe("2 deployments");
    expect(plural(1.5, "day")).toBe("1.5 days");
  });

  it("takes an irregular plural", () => {
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
    expect(plural(2, "person", "people")).toBe("2 people");
  });

  it("formats the count with thousands separators", () => {
    expect(plural(12_345, "event")).toBe("12,345 events");
  });

  it("gives the noun alone", () => {
    expect(noun(1, "key")).toBe("key");
    expect(noun(5, "key")).toBe("keys");
    expect(noun(5, "query", "queries")).toBe("queries");
  });
});
