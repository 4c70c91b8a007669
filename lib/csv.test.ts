import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what needs quoting and leaves plain fields alone", () => {
    expect(toCsv(["route", "p95"], [["/a,b", 12.5], ['say "hi"', null], ["line\nbreak", 0]])).toBe(
      'route,p95\r\n"/a,b",12.5\r\n"say ""hi""",\r\n"line\nbreak",0\r\n',
    );
  });

  it("defuses spreadsheet formulas in text but keeps negative numbers numeric", () => {
    expect(toCsv(["v"], [["=HYPERLINK(\"x\")"], ["@SUM(A1)"], [-3], ["-3"]])).toBe(`v\r\n"'=HYPERLINK(""x"")"\r\n'@SUM(A1)\r\n-3\r\n'-3\r\n`);
  });
});
