import net from "node:net";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { startAppServer, type AppServer } from "./servers";
import { expect, shot, signUp, test, uniqueEmail } from "./support";

/**
 * What an attacker tries against the server of `npm start`: headers that should be there,
 * redirects that should stay home, addresses that should not be up to the client, and
 * URLs and methods no route serves.
 */

const SECURITY_HEADERS = {
  "content-security-policy": /frame-ancestors 'none'/,
  "x-content-type-options": /^nosniff$/,
  "referrer-policy": /^strict-origin-when-cross-origin$/,
  "x-frame-options": /^DENY$/,
  "permissions-policy": /camera=\(\)/,
};

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) expect(headers[name], `${name} on ${what}`).toMatch(pattern);
}

test("every kind of answer carries the security headers; HSTS only for an https APP_URL", async ({ request }) => {
  const answers = {
    "a page": await request.get("/sign-in"),
    "an API answer": await request.get("/api/health"),
    "a problem": await request.get("/api/v1/projects/prj_nope"),
    "an unknown API path": await request.get("/api/v1/nope"),
    "the ingest fast path": await request.post("/api/v1/ingest", { data: { events: [] } }),
    "a static asset": await request.get("/favicon.ico"),
  };
  for (const [what, res] of Object.entries(answers)) {
    expectSecurityHeaders(res.headers(), what);
    expect(res.headers()["strict-transport-security"], what).toBeUndefined();
  }
  expect(answers["an unknown API path"].status()).toBe(404);
  expect(answers["an unknown API path"].headers()["content-type"]).toBe("application/problem+json");
  expect(answers["a static asset"].status()).toBe(200);
});

test("a signed-in user is never sent off-site by callbackUrl, however it is spelled", async ({ page, baseURL, problems }) => {
  const home = new URL(baseURL!).origin;
  // Percent-encoded, the tab is an ordinary path character: a same-site path that names no page.
  problems.allowHttpError(404, "/%09/evil.example", "a same-site path that names no page");
  await signUp(page, uniqueEmail("redirect"), "Rita Redirect");
  await expect(page).toHaveURL(/\/orgs\/new$/);
  for (const spelling of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "https://evil.example", "/\\/evil.example"]) {
    for (const entry of ["/sign-in", "/sign-up"]) {
      await page.goto(`${entry}?callbackUrl=${encodeURIComponent(spelling)}`);
      await page.waitForLoadState("domcontentloaded");
      expect(new URL(page.url()).origin, `${entry} with ${JSON.stringify(spelling)}`).toBe(home);
    }
  }
  // A same-site path is honoured.
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/orgs/new?from=test")}`);
  await expect(page).toHaveURL(/\/orgs\/new\?from=test$/);
});

test("signing in with a hostile callbackUrl ends on this site", async ({ page, baseURL }) => {
  const email = uniqueEmail("return");
  await signUp(page, email, "Ray Return");
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.context().clearCookies();
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/\t/evil.example")}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("Auth.js builds its URLs on the host the browser used, not the listening address", async ({ request }) => {
  const host = "vigil.example:8443";
  const providers = await (await request.get("/api/auth/providers", { headers: { host } })).json();
  expect(providers.credentials.callbackUrl).toBe(`http://${host}/api/auth/callback/credentials`);
  const { csrfToken } = await (await request.get("/api/auth/csrf", { headers: { host } })).json();
  const failed = await request.post("/api/auth/callback/credentials", {
    headers: { host, origin: `http://${host}` },
    form: { email: "nobody@example.test", password: "wrong password", csrfToken },
    maxRedirects: 0,
  });
  expect(failed.status()).toBe(302);
  expect(failed.headers()["location"]).toBe(`http://${host}/sign-in?error=CredentialsSignin&code=credentials`);
  expect(failed.headers()["location"]).not.toContain("0.0.0.0");
});

test("URLs and methods no route serves get problem+json, never a 500", async ({ request, baseURL }) => {
  const cases: [string, () => Promise<{ status(): number; headers(): Record<string, string> }>, number][] = [
    ["invalid UTF-8 in a path segment", () => request.get("/api/v1/projects/%FF/overview"), 400],
    ["a truncated escape", () => request.get("/api/v1/projects/%E0%A4%A/logs"), 400],
    ["U+0000 in a path segment", () => request.get("/api/v1/projects/prj%00/deployments/x"), 400],
    ["U+0000 in a query value", () => request.get("/api/v1/projects/prj_x/logs?q=%00"), 400],
    ["U+0000 in a page's query", () => request.get("/sign-in?callbackUrl=%00"), 400],
    ["an unsupported method", () => request.delete("/api/v1/projects/prj_x/overview"), 405],
    ["GET on ingest", () => request.get("/api/v1/ingest"), 405],
    ["PUT on the auth routes", () => request.put("/api/auth/session"), 405],
    ["a method Next serves on no route", () => request.fetch("/sign-in", { method: "PROPFIND" }), 405],
    ["an X-Forwarded-Host that is no host", () => request.get("/sign-in", { headers: { "x-forwarded-host": "a b" } }), 400],
    ["a list of forwarded hosts", () => request.get("/api/auth/providers", { headers: { "x-forwarded-host": "vigil.example, 10.0.0.1" } }), 400],
    ["an X-Forwarded-Proto other than http(s)", () => request.get("/api/auth/session", { headers: { "x-forwarded-proto": "javascript" } }), 400],
  ];
  for (const [what, send, status] of cases) {
    const res = await send();
    expect(res.status(), what).toBe(status);
    expect(res.headers()["content-type"], what).toBe("application/problem+json");
  }
  // Request targets a browser never sends, straight over a socket.
  const { port } = new URL(baseURL!);
  for (const target of ["*", "http://evil.example/x"]) {
    const head = await rawRequest(Number(port), `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(head, target).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase(), target).toContain("content-type: application/problem+json");
    expect(head.toLowerCase(), target).toContain("x-frame-options: deny");
  }
  // A Host no URL can be built on (Auth.js and links are built on it), and TRACE, which
  // Next cannot turn into a Request.
  for (const [request, status] of [["GET /sign-in HTTP/1.1\r\nHost: ::::", 400], ["GET /api/auth/providers HTTP/1.1\r\nHost: a b", 400], ["TRACE /sign-in HTTP/1.1\r\nHost: localhost", 405]] as const) {
    const head = await rawRequest(Number(port), `${request}\r\nConnection: close\r\n\r\n`);
    expect(head, request).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head.toLowerCase(), request).toContain("content-type: application/problem+json");
    expect(head.toLowerCase(), request).toContain("frame-ancestors 'none'");
  }
});

test("a server action posted from another origin, `null` or a non-URL Origin is a 403, never a 500", async ({ request }) => {
  const action = (origin: string) =>
    request.post("/sign-in", { headers: { "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8", origin }, data: "[]" });
  for (const origin of ["null", "::::", "http://evil.example", "https://localhost.evil.example"]) {
    const res = await action(origin);
    expect(res.status(), origin).toBe(403);
    expect(res.headers()["content-type"], origin).toBe("application/problem+json");
    expect(res.headers()["x-frame-options"], origin).toBe("DENY");
  }
  // Actions from this site's own pages pass: every sign-up and form of the other specs is one.
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

/**
 * The suite's server trusts one proxy hop (Playwright plays the proxy, so tests keep
 * apart in the per-IP budgets). This one runs as `npm start` does by default — no proxy
 * trusted — with an https APP_URL and a small ingest budget.
 */
test.describe("npm start with its defaults", () => {
  const port = 4100 + Math.floor(Math.random() * 800);
  let server: AppServer;
  let client: APIRequestContext;

  test.beforeAll(async () => {
    // PGlite, whatever the run's database: only the front door is under test here.
    server = await startAppServer("npm start", port, { DATABASE_URL: "", APP_URL: "https://vigil.example", RATE_LIMIT_INGEST_PER_MINUTE: "3" });
    client = await playwrightRequest.newContext({ baseURL: server.url });
  });

  test.afterAll(async () => {
    await client?.dispose();
    await server?.stop();
  });

  const spoofed = (i: number) => ({ "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `203.0.113.${i}` });

  test("a spoofed X-Forwarded-For does not buy more sign-in attempts", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const res = await client.post("/api/auth/callback/credentials", {
        headers: spoofed(i),
        form: { email: `spoof-${i}@example.test`, password: "wrong password", csrfToken: "x" },
        maxRedirects: 0,
      });
      statuses.push(res.status());
    }
    // RATE_LIMIT_AUTH_PER_MINUTE (10) per address: the 11th attempt is refused whatever it claims.
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  test("a spoofed X-Forwarded-For does not buy more keyless ingest requests", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push((await client.post("/api/v1/ingest", { headers: spoofed(i), data: { events: [] } })).status());
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  test("HSTS is sent for an https APP_URL, and Auth.js builds its URLs on it", async () => {
    const page = await client.get("/sign-in");
    expectSecurityHeaders(page.headers(), "a page");
    expect(page.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
    const providers = await (await client.get("/api/auth/providers", { headers: { host: "internal:9999" } })).json();
    expect(providers.credentials.callbackUrl).toBe("https://vigil.example/api/auth/callback/credentials");
  });
});

test("the sign-in page renders with the CSP in force", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await shot(page, "20-sign-in-with-csp");
});
