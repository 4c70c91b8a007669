import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
// Generated secrets and any file-backed state of this run live here, not in ./.data.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-vitest-"));
// `test.env` reaches the test files only; the global setup (which migrates the test database
// and logs "database ready") runs in this process, so it reads LOG_LEVEL from here.
const logLevel = (process.env.LOG_LEVEL ??= "error");

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: logLevel, NEXT_TELEMETRY_DISABLED: "1" },
  },
});
