import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiKey, hashApiKey, isWellFormedApiKey } from "./key-format";

describe("API key format", () => {
  it("generates keys that pass their own checksum and look like vgl_<base62>", () => {
    const key = generateApiKey();
    expect(key).toMatch(/^vgl_[0-9A-Za-z]{38}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });

  it("never repeats a key", () => {
    const keys = new Set(Array.from({ length: 2000 }, generateApiKey));
    expect(keys.size).toBe(2000);
  });

  it("rejects a truncated key, a mistyped character and a foreign prefix without I/O", () => {
    const key = generateApiKey();
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    const i = 10;
    const typo = key.slice(0, i) + (key[i] === "a" ? "b" : "a") + key.slice(i + 1);
    expect(isWellFormedApiKey(typo)).toBe(false);
    expect(isWellFormedApiKey("sk_" + key.slice(3))).toBe(false);
    expect(isWellFormedApiKey("")).toBe(false);
  });

  it("stores only a SHA-256 hex digest", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(4, 20));
  });
});
