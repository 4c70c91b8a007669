#!/usr/bin/env node
// `npm run test:e2e`: build once (next build reuses its cache), then run Playwright.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
function run(cmd, args) {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", ...cmd), ...args], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
run(["next", "dist", "bin", "next"], ["build"]);
run(["@playwright", "test", "cli.js"], ["test", ...process.argv.slice(2)]);
