// The production build (.next) and whether it is current, shared by `npm start`
// (scripts/start.mjs), the browser tests (scripts/e2e.mjs) and the vitest global setup
// (tests/setup/global-setup.ts), whose tests serve the build as `next start` does.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const buildId = path.join(root, ".next", "BUILD_ID");
// Not part of what `next build` compiles, or written by a run.
const IGNORED = new Set(["node_modules", ".next", ".data", ".git", "e2e", "tests", "bench", "docs", "test-results"]);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** "missing" (never built), "stale" (a source changed since) or "current". */
export function buildStatus() {
  if (!existsSync(buildId)) return "missing";
  return newestSource(root) > statSync(buildId).mtimeMs ? "stale" : "current";
}

/** Runs `next build` (which reuses its cache) in the foreground; returns its exit code. */
export function nextBuild(env = process.env) {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // NODE_ENV is the build's own business (vitest sets "test"; Next builds for production).
  const { NODE_ENV: _ignored, ...buildEnv } = env;
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...buildEnv, NEXT_TELEMETRY_DISABLED: "1" } });
  return result.status ?? 1;
}
