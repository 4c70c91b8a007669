import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("safeReturnTo", () => {
  it.each([
    ["//evil.example", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/\\/evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\n/evil.example", "/"],
    [" //evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["http:/evil.example", "/"],
    ["evil.example", "/"],
    ["", "/"],
    [undefined, "/"],
    [null, "/"],
    [["/acme"], "/"],
  ])("refuses %j", (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    ["/", "/"],
    ["/acme/web", "/acme/web"],
    ["/acme/web/logs?q=timeout&range=24h", "/acme/web/logs?q=timeout&range=24h"],
    ["/invite/abc#accept", "/invite/abc#accept"],
    ["/acme/../web", "/web"],
  ])("keeps the same-site path %j", (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });
});
