import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogs, log } from "./log";

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

  it("while captured, hands every line to the capture instead of printing it, then prints again", () => {
    const printed: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (printed.push(String(chunk)), true));
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const captured: unknown[] = [];
    const restore = captureLogs((line) => captured.push(line));
    log.error("provoked", { err: new Error("boom") });
    log.info("below LOG_LEVEL, captured all the same");
    restore();
    log.error("after the capture");

    expect(captured).toEqual([
      expect.objectContaining({ level: "error", msg: "provoked", err: expect.objectContaining({ message: "boom" }) }),
      expect.objectContaining({ level: "info", msg: "below LOG_LEVEL, captured all the same" }),
    ]);
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0])).toMatchObject({ level: "error", msg: "after the capture" });
  });
});
