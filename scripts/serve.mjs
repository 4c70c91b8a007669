#!/usr/bin/env node
// The production server of `npm start`: Next's request handler on a node:http server that
// answers the routes of lib/http/native-routes.ts (the ingest endpoint) itself, skipping
// Next's per-request work on the hot path. Everything else goes to Next unchanged.
//
//   node scripts/serve.mjs [-p PORT] [-H HOSTNAME]      (after `next build`; `npm start`
//                                                       adds scripts/server-node-flags.mjs)
//   WEB_CONCURRENCY=2 node scripts/serve.mjs           (two processes; PostgreSQL only)
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import next from "next";
import { createFrontDoor } from "./front-door.mjs";
import { trustedProxyHops } from "./client-address.mjs";
import { serverVariable } from "../lib/server-env.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const option = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// Read as lib/env.ts will read them once the app loads (one definition: lib/server-env.mjs),
// all of them even when -p or -H overrides one: the app would refuse a bad value too, but
// only after this server started listening.
let port, hostname, hops, workers;
try {
  port = serverVariable("PORT");
  hostname = serverVariable("HOSTNAME");
  hops = trustedProxyHops();
  workers = serverVariable("WEB_CONCURRENCY");
  const portOption = option("-p", "--port");
  const hostnameOption = option("-H", "--hostname");
  if (portOption !== undefined) port = serverVariable("PORT", portOption);
  if (hostnameOption !== undefined) hostname = serverVariable("HOSTNAME", hostnameOption);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
if (cluster.isPrimary && workers > 1) {
  // PGlite lives in one process; several workers need a database server.
  if (!process.env.DATABASE_URL) {
    console.error("WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database serves one process.");
    process.exit(1);
  }
  await runPrimary(workers);
} else {
  await runServer();
}

/**
 * Several workers on one port (node:cluster hands connections round-robin), for when one
 * JavaScript thread is the limit: each is a replica as docs/operations.md describes.
 */
async function runPrimary(count) {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), msg: "worker exited; starting another", code, signal }));
    cluster.fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 12_000).unref();
    });
  }
}

async function runServer() {
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  // Runs instrumentation.ts, which opens the database and registers the native routes.
  await app.prepare();
  const nativeRouteFor = (req) => globalThis[Symbol.for("vigil.native-routes")]?.(req) ?? null;
  const origin = `http://${hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname}:${port}`;
  const securityHeaders = () => globalThis[Symbol.for("vigil.security-headers")]?.() ?? {};
  const server = http.createServer(createFrontDoor({ nativeRouteFor, next: handle, origin, hops, securityHeaders }));
  server.listen(port, hostname, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) console.log(`Vigil listening on ${origin}`);
  });

  // As `next start`: finish the requests in flight, then leave.
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}
