import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
// Generated secrets and any file-backed state of this run live here, not in ./.data.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-vitest-"));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: "error", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
