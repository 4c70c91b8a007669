#!/usr/bin/env node
// `npm start`: builds the app on first run (or when the sources changed since the last
// build), then serves it with scripts/serve.mjs (Next's handler, with the ingest endpoint
// answered before Next). The database is created and migrated by the
// server itself on start (instrumentation.ts), so nothing else needs to be set up.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "./server-node-flags.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, ".next", "BUILD_ID");
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".data", ".git", "e2e", "tests", "bench", "docs", "test-results"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(buildId) || newestSource(root) > statSync(buildId).mtimeMs;
if (stale && process.env.VIGIL_SKIP_BUILD !== "1") {
  console.log("Building Vigil (first start or sources changed)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, "scripts", "serve.mjs"), "-p", port, ...process.argv.slice(2)], { cwd: root, stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
