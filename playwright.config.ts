import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_CRON_SECRET } from "./e2e/cron";

const port = Number(process.env.E2E_PORT ?? 3100);
// Debian's Chromium where it exists (Playwright cannot download browsers here).
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A whole user journey on a 2-core machine shared with the database and the build.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node scripts/e2e-server.mjs ${port}`,
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    // E2E_REUSE_SERVER=1 runs the suite against a server already listening (e.g. `next dev` while developing).
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    // The server's environment, plus the cron secret specs run jobs with (e2e/cron.ts).
    env: { ...(process.env as Record<string, string>), CRON_SECRET: E2E_CRON_SECRET },
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
