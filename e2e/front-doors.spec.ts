import { gzipSync } from "node:zlib";
import type { APIRequestContext, Page } from "@playwright/test";
import { startAppServer, type AppServer } from "./servers";
import { createOrganization, createProject, createIngestKey, expect, signUp, test, uniqueEmail } from "./support";

/**
 * The ingest contract is the same whichever front door answers: the Node server of
 * `npm start` (its fast ingest route, limited by lib/http/native-routes.ts) and plain
 * `next start` (the app route behind proxy.ts, as on serverless hosts). The same checks
 * run against both, each on a fresh database of the run's kind (PGlite or PostgreSQL).
 */

async function ingestKeyOf(page: Page): Promise<{ key: string; projectPath: string }> {
  await signUp(page, uniqueEmail("door"), "Dora Door");
  await createOrganization(page, "Door Co");
  const projectPath = await createProject(page, "Web");
  const { key } = await createIngestKey(page, projectPath, "ingest");
  return { key, projectPath };
}

async function expectProblem(res: Awaited<ReturnType<APIRequestContext["post"]>>, status: number) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toBe("application/problem+json");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  return res.json();
}

async function ingestContract(page: Page) {
  const { key, projectPath } = await ingestKeyOf(page);
  const request = page.request;
  const auth = { authorization: `Bearer ${key}` };
  const marker = `door check ${Date.now()}`;
  const batch = {
    events: [
      { type: "log", level: "info", message: marker, id: "door-1" },
      { type: "log", level: "loud", message: "x" },
    ],
  };

  const first = await request.post("/api/v1/ingest", { headers: auth, data: batch });
  expect(first.status()).toBe(202);
  expect(first.headers()["ratelimit-limit"]).toBe("1200");
  expect(first.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(await first.json()).toEqual({
    accepted: 1,
    duplicates: 0,
    rejected: [{ index: 1, errors: [{ pointer: "/events/1/level", message: expect.any(String) }] }],
  });

  // A retry stores nothing twice.
  expect(await (await request.post("/api/v1/ingest", { headers: auth, data: batch })).json()).toMatchObject({ accepted: 0, duplicates: 1 });

  const gzipped = await request.post("/api/v1/ingest", {
    headers: { ...auth, "content-type": "application/json", "content-encoding": "gzip" },
    data: gzipSync(JSON.stringify({ events: [{ type: "log", level: "warn", message: `${marker} gzipped` }] })),
  });
  expect(await gzipped.json()).toMatchObject({ accepted: 1 });

  const tooLarge = await request.post("/api/v1/ingest", {
    headers: { ...auth, "content-type": "application/json" },
    data: JSON.stringify({ events: [{ type: "log", level: "info", message: "x".repeat(1_100_000) }] }),
  });
  expect(await expectProblem(tooLarge, 413)).toMatchObject({ title: "Payload too large" });
  // gzip, deflate and br are read (Sentry SDKs send all three); other encodings are refused.
  const zstd = await request.post("/api/v1/ingest", { headers: { ...auth, "content-type": "application/json", "content-encoding": "zstd" }, data: "{}" });
  expect(await expectProblem(zstd, 415)).toMatchObject({ title: "Unsupported media type" });
  const twoKeys = await request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${key} ${key}` }, data: batch });
  await expectProblem(twoKeys, 401);
  expect(twoKeys.headers()["www-authenticate"]).toContain("Bearer");
  const get = await request.get("/api/v1/ingest", { headers: auth });
  await expectProblem(get, 405);
  expect(get.headers()["allow"]).toBe("POST");

  // What was accepted is stored: the Logs page finds it. On PostgreSQL the dashboards see a
  // project's first events once the fold has run (FOLD_GAP_MS after the commit), so reload
  // as a user would until it has.
  await expect(async () => {
    await page.goto(`${projectPath}/logs?q=${encodeURIComponent(`"${marker}"`)}`);
    await expect(page.getByText(marker, { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText(`${marker} gzipped`, { exact: true })).toBeVisible();
}

test.describe("through the npm start server", () => {
  test("ingest answers by the contract and stores what it accepts", async ({ page }) => {
    await ingestContract(page);
  });
});

test.describe("through plain next start (route + proxy.ts)", () => {
  const port = 4100 + Math.floor(Math.random() * 800);
  let server: AppServer;
  test.use({ baseURL: `http://localhost:${port}` });
  test.beforeAll(async () => {
    server = await startAppServer("next start", port);
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("ingest answers by the contract and stores what it accepts", async ({ page }) => {
    await ingestContract(page);
  });
});
