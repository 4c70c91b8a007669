import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

describe("log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs an error's cause and code, and caps a failed query's message", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const cause = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const err = new Error(`Failed query: insert into requests …\nparams: ${"x".repeat(1_000_000)}`, { cause });

    log.error("ingest write failed", { err });

    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(10_000);
    const logged = JSON.parse(lines[0]);
    expect(logged.msg).toBe("ingest write failed");
    expect(logged.err.message).toMatch(/^Failed query: insert into requests/);
    expect(logged.err.message).toMatch(/… \(\d+ chars\)$/);
    expect(logged.err.cause).toMatchObject({ message: "terminating connection due to administrator command", code: "57P01" });
  });
});
