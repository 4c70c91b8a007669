#!/usr/bin/env node
// Serves the built app for the e2e suite on a fresh database: a new database on the
// PostgreSQL server of DATABASE_URL (dropped on exit), or a new PGlite directory.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFreshDatabase } from "./fresh-database.mjs";

const port = process.argv[2] ?? "3100";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// Playwright stands in for a proxy in front of the app: each test sends its own
// X-Forwarded-For, so that tests keep apart in the per-IP sign-in budget.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port, TRUSTED_PROXY_HOPS: "1" };
env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "vigil-e2e-"));
let cleanup = async () => rmSync(env.DATA_DIR, { recursive: true, force: true });

if (process.env.DATABASE_URL) {
  const database = await createFreshDatabase(process.env.DATABASE_URL, "vigil_e2e");
  env.DATABASE_URL = database.url;
  const removeDir = cleanup;
  cleanup = async () => {
    await database.drop();
    await removeDir();
  };
}

// The server of `npm start`, so the suite exercises what users run.
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "-p", port], { cwd: root, env, stdio: "inherit" });
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await cleanup().catch((err) => console.error("e2e cleanup failed", err));
  process.exit(code);
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
server.on("exit", (code) => stop(code ?? 0));
