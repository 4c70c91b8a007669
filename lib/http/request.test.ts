import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * The client address the per-IP limits count (lib/http/request.ts `clientIp`). Behind
 * `npm start` the front door has already rewritten X-Forwarded-For to the one address it
 * trusts (tests/client-ip.test.ts drives it with spoofed headers); on Vercel the platform
 * overwrites X-Real-IP and X-Forwarded-For, and those are read as they arrive.
 */
async function clientIpWith(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import("./request")).clientIp;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("clientIp", () => {
  it("behind npm start's front door: the one address it left in X-Forwarded-For", async () => {
    const clientIp = await clientIpWith({ VERCEL: undefined });
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    // X-Real-IP is dropped by the front door; were it to arrive, it is not what counts.
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "198.51.100.1" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers())).toBe("unknown");
  });

  it("on Vercel: the platform's X-Real-IP, else the first X-Forwarded-For entry it wrote", async () => {
    const clientIp = await clientIpWith({ VERCEL: "1" });
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.7", "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.8, 10.0.0.1" }))).toBe("203.0.113.8");
  });
});
