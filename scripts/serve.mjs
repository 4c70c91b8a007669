#!/usr/bin/env node
// The production server of `npm start`: Next's request handler on a node:http server that
// answers the routes of lib/http/native-routes.ts (the ingest endpoint) itself, skipping
// Next's per-request work on the hot path. Everything else goes to Next unchanged.
//
//   node scripts/serve.mjs [-p PORT] [-H HOSTNAME]      (after `next build`)
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const option = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = option("-H", "--hostname") ?? process.env.HOSTNAME ?? "0.0.0.0";
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
// Runs instrumentation.ts, which opens the database and registers the native routes.
await app.prepare();
const nativeRouteFor = (req) => globalThis[Symbol.for("vigil.native-routes")]?.(req) ?? null;
const origin = `http://${hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname}:${port}`;

const server = http.createServer((req, res) => {
  const native = nativeRouteFor(req);
  if (!native) return void handle(req, res);
  native(req, res, origin).catch((err) => {
    console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), msg: "native route failed", err: String(err?.stack ?? err) }));
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain", connection: "close" });
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`Vigil listening on ${origin}`));

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
