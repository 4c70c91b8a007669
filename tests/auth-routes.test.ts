import { describe, expect, it } from "vitest";
import { useTestDatabase } from "./support/db";
import { withLogs } from "./support/logs";
import { useNextServer } from "./support/next-server";

/**
 * The Auth.js routes, given requests only a hostile or stale client sends, through the
 * built app (`next start`; npm start serves the same route behind its front door).
 */
useTestDatabase();
const server = useNextServer();

describe("the Auth.js routes", () => {
  it("an unconfigured provider is a 404 problem; a forged session cookie and a missing CSRF token are warnings in the log, not errors", async () => {
    const { logs } = await withLogs(async () => {
      for (const path of ["/api/auth/signin/nope", "/api/auth/callback/nope"]) {
        const res = await fetch(`${server()}${path}`, { method: "POST", redirect: "manual" });
        expect(res.status, path).toBe(404);
        expect(res.headers.get("content-type"), path).toBe("application/problem+json");
      }
      // A session cookie Auth.js cannot read is no session.
      const session = await fetch(`${server()}/api/auth/session`, { headers: { cookie: "authjs.session-token=forged" } });
      expect(session.status).toBe(200);
      expect(await session.json()).toBeNull();
      const noCsrf = await fetch(`${server()}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "email=a%40example.test&password=x",
        redirect: "manual",
      });
      expect(noCsrf.status).toBe(302);
    });
    expect(logs.filter((l) => l.level === "error")).toEqual([]);
    expect(logs.filter((l) => l.msg === "auth request refused").map((l) => l.type)).toEqual(["JWTSessionError", "MissingCSRF"]);
  });
});
