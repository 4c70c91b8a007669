#!/usr/bin/env node
// `npm start`: builds the app on first run (or when the sources changed since the last
// build), then serves it with scripts/serve.mjs (Next's handler, with the ingest endpoint
// answered before Next). The database is created and migrated by the
// server itself on start (instrumentation.ts), so nothing else needs to be set up.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildStatus, nextBuild, root } from "./next-build.mjs";
import { SERVER_NODE_FLAGS } from "./server-node-flags.mjs";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";

if (buildStatus() !== "current" && process.env.VIGIL_SKIP_BUILD !== "1") {
  console.log("Building Vigil (first start or sources changed)…");
  const status = nextBuild();
  if (status !== 0) process.exit(status);
}

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, "scripts", "serve.mjs"), "-p", port, ...process.argv.slice(2)], { cwd: root, stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
