import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/users";
import { MemoryRateLimiter } from "@/lib/ratelimit/memory";
import { UpstashRateLimiter } from "@/lib/ratelimit/upstash";
import { useTestDatabase } from "./support/db";
import { createUser } from "./support/factories";

const db = useTestDatabase();
const PASSWORD = "correct horse battery staple";

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
    for (let i = 0; i < 12; i++) expect((await verifyCredentials(db(), limiter, { email: user.email, password: PASSWORD })).outcome).toBe("ok");
    for (let i = 0; i < 10; i++) {
      expect(await verifyCredentials(db(), limiter, { email: user.email, password: `wrong-${i}` })).toEqual({ outcome: "invalid" });
    }
    const eleventh = await verifyCredentials(db(), limiter, { email: user.email, password: PASSWORD });
    expect(eleventh.outcome).toBe("throttled");
    // Another account is not affected.
    const other = await createUser(db(), { password: PASSWORD });
    expect((await verifyCredentials(db(), limiter, { email: other.email, password: PASSWORD })).outcome).toBe("ok");
  });

  it("fails closed when the limiter's store is down", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const down = new UpstashRateLimiter({ url: "http://127.0.0.1:9", token: "x", timeoutMs: 300 });
    expect((await verifyCredentials(db(), down, { email: user.email, password: PASSWORD })).outcome).toBe("throttled");
  });
});
