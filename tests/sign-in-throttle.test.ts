import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/users";
import { MemoryRateLimiter } from "@/lib/ratelimit/memory";
import { limitRequest } from "@/lib/http/request-limits";
import type { RateLimiter } from "@/lib/ratelimit/types";
import { UpstashRateLimiter } from "@/lib/ratelimit/upstash";
import { useTestDatabase } from "./support/db";
import { createUser } from "./support/factories";

const db = useTestDatabase();
const PASSWORD = "correct horse battery staple";

/**
 * A password sign-in as the app handles it: the proxy spends the per-IP budget of the
 * client's address (the X-Forwarded-For its nearest proxy added, as clientIp() reads it),
 * then Auth.js's authorize() checks the password against the per-e-mail budget. One limiter
 * serves both, as in the app. Answers the IP budget left, and the sign-in's outcome.
 */
async function signInFrom(limiter: RateLimiter, ip: string, credentials: { email: string; password: string }) {
  const request = new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers: { "x-forwarded-for": `203.0.113.9, ${ip}` } });
  const proxy = await limitRequest(request, limiter);
  if (proxy.limited) return { ipRemaining: 0, outcome: `refused by the proxy (${proxy.response.status})` };
  const { outcome } = await verifyCredentials(db(), limiter, credentials);
  return { ipRemaining: Number(proxy.headers["RateLimit-Remaining"]), outcome };
}

describe("password sign-in", () => {
  it("accepts the right password and gives one answer for a wrong password and an unknown e-mail", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const limiter = new MemoryRateLimiter();
    const ok = await verifyCredentials(db(), limiter, { email: user.email.toUpperCase(), password: PASSWORD });
    expect(ok).toMatchObject({ outcome: "ok", user: { id: user.id } });
    expect(await verifyCredentials(db(), limiter, { email: user.email, password: "wrong" })).toEqual({ outcome: "invalid" });
    expect(await verifyCredentials(db(), limiter, { email: "nobody@example.test", password: "wrong" })).toEqual({ outcome: "invalid" });
  });

  it("refuses the 11th attempt for one e-mail within a minute, whatever the IP, even with the right password", async () => {
    // The e-mail budget knows nothing of IPs: attempts from ten different addresses all count.
    const user = await createUser(db(), { password: PASSWORD });
    const limiter = new MemoryRateLimiter();
    // Successful sign-ins are free.
    for (let i = 0; i < 12; i++) {
      expect(await signInFrom(limiter, `192.0.2.${i + 1}`, { email: user.email, password: PASSWORD })).toEqual({ ipRemaining: 9, outcome: "ok" });
    }
    // Ten failures, each from an address of its own: each spends one of its IP's ten attempts
    // (9 left: no per-IP limit is near), and all ten count against the e-mail.
    for (let i = 0; i < 10; i++) {
      expect(await signInFrom(limiter, `198.51.100.${i + 1}`, { email: user.email, password: `wrong-${i}` })).toEqual({ ipRemaining: 9, outcome: "invalid" });
    }
    // The 11th, from yet another address that the proxy lets through, with the right password.
    expect(await signInFrom(limiter, "198.51.100.11", { email: user.email, password: PASSWORD })).toEqual({ ipRemaining: 9, outcome: "throttled" });
    // Another account is not affected, even from an address that just failed.
    const other = await createUser(db(), { password: PASSWORD });
    expect(await signInFrom(limiter, "198.51.100.1", { email: other.email, password: PASSWORD })).toEqual({ ipRemaining: 8, outcome: "ok" });
  });

  it("fails closed when the limiter's store is down", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const down = new UpstashRateLimiter({ url: "http://127.0.0.1:9", token: "x", timeoutMs: 300 });
    expect((await verifyCredentials(db(), down, { email: user.email, password: PASSWORD })).outcome).toBe("throttled");
  });
});
