import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
// Generated secrets and any file-backed state of this run live here, not in ./.data.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-vitest-"));
// The run's secrets, stored as lib/secrets.ts stores generated ones, before any worker
// starts: two workers (or a worker and the Next server it runs, tests/support/next-server.ts,
// whose modules are a separate copy) generating them at once would sign sessions differently.
const secret = () => randomBytes(32).toString("base64url");
writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ authSecret: secret(), cronSecret: secret() }), { mode: 0o600 });
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
    // IN_PROCESS_SCHEDULER off: the Next servers that tests start in-process (tests/support/
    // next-server.ts) run instrumentation.ts, whose background folds would race the tests.
    env: { NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: logLevel, NEXT_TELEMETRY_DISABLED: "1", IN_PROCESS_SCHEDULER: "off" },
  },
});
