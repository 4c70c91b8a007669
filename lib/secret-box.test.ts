import { describe, expect, it } from "vitest";
import { needsReseal, open, seal } from "./secret-box";

describe("secret box", () => {
  it("seals with AES-256-GCM: a fresh IV each time, opens back, refuses an altered value", () => {
    const a = seal("whsec_c2VjcmV0");
    const b = seal("whsec_c2VjcmV0");
    expect(a).not.toBe(b);
    expect(a).not.toContain("c2VjcmV0");
    expect(open(a)).toBe("whsec_c2VjcmV0");
    expect(needsReseal(a)).toBe(false);
    const parts = a.split(".");
    const flipped = Buffer.from(parts[4], "base64url");
    flipped[0] ^= 1;
    expect(() => open([...parts.slice(0, 4), flipped.toString("base64url")].join("."))).toThrow();
    expect(() => open(["v1", "00000000", ...parts.slice(2)].join("."))).toThrow(/ENCRYPTION_KEY/);
  });
});
