import { describe, expect, it } from "vitest";
import { isStorableText, toStorableText, toStorableValue } from "./text";

describe("storable text", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a\u0000b", "a\uFFFDb"],
    ["\u0000\u0000", "\uFFFD\uFFFD"],
    ["x\ud800", "x\uFFFD"],
    ["\udc00x", "\uFFFDx"],
    ["\udc00\ud800", "\uFFFD\uFFFD"], // reversed pair: both lone
    ["😀 pair kept", "😀 pair kept"],
    ["\ud83d\ude00\u0000", "\ud83d\ude00\uFFFD"],
  ])("%j → %j", (input, expected) => {
    expect(toStorableText(input)).toBe(expected);
    expect(isStorableText(toStorableText(input))).toBe(true);
    expect(isStorableText(input)).toBe(input === expected);
  });

  it("replaces in nested values and keys, keeping order and leaving clean values untouched", () => {
    const clean = { a: "x", b: [1, "y", { c: true }], d: null };
    expect(toStorableValue(clean)).toBe(clean);
    const dirty = { first: "ok", ["k\u0000"]: "v\ud800", list: ["\u0000", 2], nested: { deep: ["a\udfff"] }, last: 1 };
    const stored = toStorableValue(dirty);
    expect(stored).toEqual({ first: "ok", ["k\uFFFD"]: "v\uFFFD", list: ["\uFFFD", 2], nested: { deep: ["a\uFFFD"] }, last: 1 });
    expect(Object.keys(stored)).toEqual(["first", "k\uFFFD", "list", "nested", "last"]);
    expect(dirty["k\u0000"]).toBe("v\ud800"); // the input is not modified
  });
});
