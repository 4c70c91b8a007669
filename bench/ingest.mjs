#!/usr/bin/env node
// Ingest benchmark: realistic batches over HTTP to `next start` on PostgreSQL, and in the
// same run the raw limit (the same rows written straight into PostgreSQL with unnest, one
// commit per batch). Loopback only; every phase is bounded in time. Writes the figures to
// docs/benchmarks.md (section "Ingest").
//
//   npm run build && node bench/ingest.mjs            # DATABASE_URL defaults to local postgres
//   BENCH_SECONDS=5 node bench/ingest.mjs             # shorter phases
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node bench/ingest.mjs   # profile the server
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { machine, runTime, writeSection } from "./lib/report.mjs";
import { startNextServer } from "./lib/server.mjs";
import { fmt, percentile } from "./lib/stats.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("Build first: npm run build");
  process.exit(1);
}

// ---------------------------------------------------------------- a fresh database and server
const dbName = `vigil_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database "${dbName}"`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 8 });

const server = await startNextServer({
  root,
  port: PORT,
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
  env: {
    DATABASE_URL: dbUrl.toString(),
    DATABASE_POOL_SIZE: "10",
    RATE_LIMIT_INGEST_PER_MINUTE: "100000000",
    LOG_LEVEL: "warn",
    IN_PROCESS_SCHEDULER: "off",
    AUTH_SECRET: "bench",
    CRON_SECRET: "bench",
  },
});
const { request } = server;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await pool.end().catch(() => {});
  await server.stop();
  await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => {});
  await admin.end();
}
process.on("SIGINT", () => cleanup().then(() => process.exit(130)));

// ---------------------------------------------------------------- a tenant and an ingest key
// The key format of lib/api-keys/key-format.ts: vgl_ + 32 base62 + CRC-32 checksum (base62).
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(s) {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = crcTable[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const body = "vgl_" + Array.from(randomBytes(32), (b) => ALPHABET[b % 62]).join("");
let v = crc32(body);
let check = "";
for (let i = 0; i < 6; i++) {
  check = ALPHABET[v % 62] + check;
  v = Math.floor(v / 62);
}
const apiKey = body + check;
await pool.query(`insert into users (id, email) values ('usr_bench', 'bench@example.test')`);
await pool.query(`insert into organizations (id, slug, name) values ('org_bench', 'bench', 'Bench')`);
await pool.query(`insert into projects (id, org_id, slug, name) values ('prj_bench', 'org_bench', 'bench', 'Bench')`);
await pool.query(
  `insert into api_keys (project_id, id, name, prefix, key_hash, scopes) values ('prj_bench', 'key_bench', 'bench', $1, $2, '{ingest}')`,
  [apiKey.slice(0, 12), createHash("sha256").update(apiKey).digest("hex")],
);

// ---------------------------------------------------------------- realistic batches
// Mix seen by a typical app: requests and invocations dominate; some logs, few errors.
let seq = 0;
const functions = ["api/checkout", "api/search", "api/cart", "cron/sync", "api/auth", "api/images"];
const routes = ["/api/users/[id]", "/api/orders", "/api/search", "/", "/products/[slug]", "/api/cart"];
const stacks = [0, 1, 2].map(
  (k) => `TypeError: x\n    at handler${k} (/var/task/app/api/orders/route.js:${10 + k}:7)\n    at run (/var/task/node_modules/next/server.js:1:1)`,
);
function event(i) {
  const id = `e${seq++}`;
  const ts = Date.now() - (i % 50) * 100;
  const r = i % 20;
  if (r < 8) return { type: "request", id, timestamp: ts, method: "GET", route: routes[i % 6], statusCode: r === 0 ? 500 : 200, durationMs: 5 + ((i * 37) % 400) };
  if (r < 15) return { type: "invocation", id, timestamp: ts, functionName: functions[i % 6], durationMs: 20 + ((i * 53) % 900), status: r === 8 ? "error" : "success", coldStart: i % 30 === 0 };
  if (r < 18) return { type: "log", id, timestamp: ts, level: r === 17 ? "warn" : "info", message: `order ${i} processed in ${i % 300} ms` };
  if (r === 18) return { type: "vital", id, timestamp: ts, name: "LCP", value: 800 + (i % 3000), route: routes[i % 6] };
  return { type: "error", id, timestamp: ts, name: "TypeError", message: `Order ${i} failed`, stack: stacks[i % 3] };
}
const batchBody = (size) => JSON.stringify({ events: Array.from({ length: size }, (_, i) => event(i)) });
const headers = (b) => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json", "content-length": Buffer.byteLength(b) });

/** Closed loop: `concurrency` clients send as fast as answers come back, for SECONDS. */
async function closedLoop(size, concurrency, seconds = SECONDS) {
  const latencies = [];
  let events = 0;
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const b = batchBody(size);
        const t = performance.now();
        const status = await request("POST", "/api/v1/ingest", b, headers(b));
        latencies.push(performance.now() - t);
        if (status === 202) events += size;
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { size, concurrency, eventsPerSecond: Math.round(events / seconds), requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

/** Open loop: a fixed arrival rate, so latency is measured at a known load. */
async function openLoop(size, eventsPerSecond) {
  const interval = (1000 * size) / eventsPerSecond;
  const latencies = [];
  let failures = 0;
  const inflight = [];
  const start = performance.now();
  for (let n = 0; performance.now() - start < SECONDS * 1000; n++) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const b = batchBody(size);
    const t = performance.now();
    inflight.push(
      request("POST", "/api/v1/ingest", b, headers(b)).then((status) => {
        latencies.push(performance.now() - t);
        if (status !== 202) failures++;
      }),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { size, targetEventsPerSecond: eventsPerSecond, requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

/** The raw limit: the same kind of rows straight into the requests table, unnest, one commit per batch. */
async function rawLimit(size, concurrency) {
  let rows = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const ids = [], ts = [], routesCol = [], codes = [], durations = [];
        for (let i = 0; i < size; i++) {
          const e = event(i * 20); // request-shaped
          ids.push(createHash("md5").update(e.id).digest("hex"));
          ts.push(new Date(e.timestamp).toISOString());
          routesCol.push(e.route);
          codes.push(e.statusCode);
          durations.push(e.durationMs);
        }
        await pool.query(
          `insert into requests (project_id, event_id, ts, environment, method, route, status_code, duration_ms)
           select 'prj_raw', * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[])
           on conflict do nothing`,
          [ids, ts, routesCol.map(() => "production"), routesCol.map(() => "GET"), routesCol, codes, durations],
        );
        rows += size;
      }
    }),
  );
  return { size, concurrency, rowsPerSecond: Math.round(rows / SECONDS) };
}

const results = {};
try {
  console.log(`warming up…`);
  await closedLoop(50, 8, 3);
  console.log(`raw limit (unnest, 500-row batches, 4 connections)…`);
  results.raw500 = await rawLimit(500, 4);
  results.raw50 = await rawLimit(50, 8);
  console.log(`HTTP, 50-event batches…`);
  results.http50 = await closedLoop(50, 32);
  console.log(`HTTP, 500-event batches…`);
  results.http500 = await closedLoop(500, 8);
  console.log(`HTTP at 10,000 events/s (50-event batches)…`);
  results.fixed10k = await openLoop(50, 10_000);
  const { rows } = await pool.query(`select count(*)::int as n from requests where project_id = 'prj_bench'`);
  results.storedRequests = rows[0].n;
} finally {
  await cleanup();
}

const section = `## Ingest

Run ${runTime()} on ${machine()},
Node ${process.version}, PostgreSQL on the same box (durable commits), \`next start\` with the
production build. ${SECONDS} s per phase; load from one client process on loopback, sharing the
2 cores with the server and the database. Event mix: 40% requests, 35% invocations, 15%
logs, 5% vitals, 5% errors; every event carries an id (dedupe on), timestamps spread over
the last 5 s. \`node bench/ingest.mjs\` reproduces it.

| phase | events/s | requests | p50 ms | p95 ms | p99 ms | failures |
|---|---:|---:|---:|---:|---:|---:|
| HTTP, 50-event batches, 32 clients | ${fmt(results.http50.eventsPerSecond)} | ${fmt(results.http50.requests)} | ${fmt(results.http50.p50)} | ${fmt(results.http50.p95)} | ${fmt(results.http50.p99)} | ${results.http50.failures} |
| HTTP, 500-event batches, 8 clients | ${fmt(results.http500.eventsPerSecond)} | ${fmt(results.http500.requests)} | ${fmt(results.http500.p50)} | ${fmt(results.http500.p95)} | ${fmt(results.http500.p99)} | ${results.http500.failures} |
| HTTP at a fixed 10,000 events/s (50-event batches) | 10,000 target | ${fmt(results.fixed10k.requests)} | ${fmt(results.fixed10k.p50)} | ${fmt(results.fixed10k.p95)} | ${fmt(results.fixed10k.p99)} | ${results.fixed10k.failures} |

Baseline, same run — the raw limit: request rows written straight into PostgreSQL with
\`unnest\`, one commit per batch, no HTTP, no validation, no rollups:

| raw writes | rows/s |
|---|---:|
| 500-row batches, 4 connections | ${fmt(results.raw500.rowsPerSecond)} |
| 50-row batches, 8 connections | ${fmt(results.raw50.rowsPerSecond)} |

HTTP 500-event throughput is ${(results.http500.eventsPerSecond / results.raw500.rowsPerSecond).toFixed(2)} × the raw limit of the same run.
Targets (issue #3): ≥ 30,000 events/s with 50-event batches; ≥ 80,000 events/s with
500-event batches or ≥ 0.8 × the raw limit; p95 ≤ 30 ms at 10,000 events/s.
`;
writeSection(root, "Ingest", section);
console.log(section);
