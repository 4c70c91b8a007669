#!/usr/bin/env node
// `npm run test:e2e`: build once (next build reuses its cache), then run Playwright.
// `--skip-build`: the caller has just built (`npm test` builds before the vitest suite,
// whose tests serve the build too), so CI builds once. Other arguments go to Playwright.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { nextBuild, root } from "./next-build.mjs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const args = process.argv.slice(2);
const skipBuild = args.includes("--skip-build");
if (!skipBuild) {
  const status = nextBuild(env);
  if (status !== 0) process.exit(status);
}
const playwright = path.join(root, "node_modules", "@playwright", "test", "cli.js");
const result = spawnSync(process.execPath, [playwright, "test", ...args.filter((a) => a !== "--skip-build")], { cwd: root, stdio: "inherit", env });
process.exit(result.status ?? 1);
