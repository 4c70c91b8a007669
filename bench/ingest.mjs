#!/usr/bin/env node
// Ingest benchmark: realistic batches over HTTP to the production server on PostgreSQL, and
// in the same run the raw limit (the same events written straight into their tables with
// `unnest`). Loopback only; every phase is bounded in time. Writes the figures to
// docs/benchmarks.md (section "Ingest").
//
// Servers, each on a fresh database: the server of `npm start` (scripts/serve.mjs, one
// process), the same with WEB_CONCURRENCY=2, and plain `next start` for comparison.
//
//   npm run build && node bench/ingest.mjs            # DATABASE_URL defaults to local postgres
//   BENCH_SECONDS=5 node bench/ingest.mjs             # shorter phases
//   BENCH_SERVERS=serve BENCH_PHASES=http50 node bench/ingest.mjs   # a subset (prints, no report)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" ...       # profile the server
//   BENCH_SERVERS=otlp BENCH_SECONDS=3 node bench/ingest.mjs       # OTLP beside native only (prints, no report)
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import protobuf from "protobufjs";
import path from "node:path";
import pg from "pg";
import { cpuMeter } from "./lib/cpu.mjs";
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

// ---------------------------------------------------------------- an ingest key
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
function newApiKey() {
  const body = "vgl_" + Array.from(randomBytes(32), (b) => ALPHABET[b % 62]).join("");
  let v = crc32(body);
  let check = "";
  for (let i = 0; i < 6; i++) {
    check = ALPHABET[v % 62] + check;
    v = Math.floor(v / 62);
  }
  return body + check;
}

// ---------------------------------------------------------------- a fresh database and server
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const live = new Set();
process.on("SIGINT", () => Promise.all([...live].map((t) => t.tearDown())).then(() => process.exit(130)));

/** A new database, a server on it (which migrates it), a tenant and its ingest key. */
async function setUp({ workers = 1, nextStart = false } = {}) {
  const dbName = `vigil_bench_${Date.now()}`;
  await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 8, idleTimeoutMillis: 0 });
  const server = await startNextServer({
    root,
    port: PORT,
    nextStart,
    nodeArgs: (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    env: {
      DATABASE_URL: dbUrl.toString(),
      DATABASE_POOL_SIZE: "10",
      WEB_CONCURRENCY: String(workers),
      RATE_LIMIT_INGEST_PER_MINUTE: "100000000",
      LOG_LEVEL: "warn",
      IN_PROCESS_SCHEDULER: "off",
      AUTH_SECRET: "bench",
      CRON_SECRET: "bench",
    },
  });
  const apiKey = newApiKey();
  await pool.query(`insert into users (id, email) values ('usr_bench', 'bench@example.test')`);
  await pool.query(`insert into organizations (id, slug, name) values ('org_bench', 'bench', 'Bench')`);
  await pool.query(`insert into projects (id, org_id, slug, name) values ('prj_bench', 'org_bench', 'bench', 'Bench')`);
  await pool.query(
    `insert into api_keys (project_id, id, name, prefix, key_hash, scopes) values ('prj_bench', 'key_bench', 'bench', $1, $2, '{ingest}')`,
    [apiKey.slice(0, 12), createHash("sha256").update(apiKey).digest("hex")],
  );
  // The project's Sentry DSN (lib/db/schema/sentry.ts), for the Sentry envelope phases.
  const sentryKey = randomBytes(16).toString("hex");
  await pool.query(`insert into sentry_keys (project_id, project_ref, public_key) values ('prj_bench', 424242, $1)`, [sentryKey]);
  let done = false;
  const target = {
    sentryPath: `/api/424242/envelope/?sentry_key=${sentryKey}&sentry_version=7`,
    pool,
    server,
    headers: (b, contentType = "application/json") => ({ authorization: `Bearer ${apiKey}`, "content-type": contentType, "content-length": Buffer.byteLength(b) }),
    async tearDown() {
      if (done) return;
      done = true;
      live.delete(target);
      await pool.end().catch(() => {});
      await server.stop();
      await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    },
  };
  live.add(target);
  return target;
}

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

// ---------------------------------------------------------------- error events, two doors
// One error per request, as an SDK sends it: the same exception with 6 structured frames,
// through Vigil's JSON door and as a Sentry envelope (what @sentry/node 11 sends, without
// its context lines), so the two figures compare the doors, not the events.
const errorFrames = [
  { filename: "node:internal/process/task_queues", function: "processTicksAndRejections", lineno: 95, colno: 5, in_app: false },
  { filename: "/var/task/node_modules/next/dist/server/base-server.js", function: "handleRequest", lineno: 812, colno: 11, in_app: false },
  { filename: "/var/task/app/api/orders/route.js", function: "POST", lineno: 22, colno: 9, in_app: true },
  { filename: "/var/task/lib/orders.js", function: "placeOrder", lineno: 48, colno: 13, in_app: true },
  { filename: "/var/task/lib/payments.js", function: "charge", lineno: 17, colno: 11, in_app: true },
  { filename: "/var/task/lib/payments.js", function: "assertCard", lineno: 5, colno: 9, in_app: true },
];
function nativeErrorBody() {
  const id = randomBytes(16).toString("hex");
  return JSON.stringify({
    events: [{ type: "error", id, timestamp: Date.now(), name: "TypeError", message: `card declined for order ${seq++}`, release: "shop@1.2.3", frames: errorFrames.map(({ in_app, ...f }) => ({ ...f, inApp: in_app })) }],
  });
}
function sentryErrorBody() {
  const id = randomBytes(16).toString("hex");
  const event = {
    event_id: id, timestamp: Date.now() / 1000, platform: "node", level: "error", release: "shop@1.2.3", environment: "production",
    exception: { values: [{ type: "TypeError", value: `card declined for order ${seq++}`, mechanism: { type: "generic", handled: true }, stacktrace: { frames: errorFrames } }] },
    contexts: { trace: { trace_id: randomBytes(16).toString("hex"), span_id: randomBytes(8).toString("hex") }, runtime: { name: "node", version: process.version } },
    sdk: { name: "sentry.javascript.node", version: "11.5.0" },
  };
  return [JSON.stringify({ event_id: id, sent_at: new Date().toISOString(), sdk: { name: "sentry.javascript.node", version: "11.5.0" } }), JSON.stringify({ type: "event" }), JSON.stringify(event)].join("\n");
}
const ERROR_DOORS = {
  native: { path: () => "/api/v1/ingest", body: nativeErrorBody, ok: 202, headers: (t, b) => t.headers(b) },
  sentry: { path: (t) => t.sentryPath, body: sentryErrorBody, ok: 200, headers: (_t, b) => ({ "content-length": Buffer.byteLength(b) }) },
};

/** Closed loop of one-error requests through `door` (native JSON or a Sentry envelope). */
async function errorLoop(target, doorName, concurrency) {
  const door = ERROR_DOORS[doorName];
  const latencies = [];
  let events = 0;
  let failures = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const b = door.body();
        const t = performance.now();
        const status = await target.server.request("POST", door.path(target), b, door.headers(target, b));
        latencies.push(performance.now() - t);
        if (status === door.ok) events++;
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: Math.round(events / SECONDS), requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

// ---------------------------------------------------------------- the same events as OTLP spans
// What an app instrumented with OpenTelemetry exports: SERVER spans with HTTP attributes
// (→ request events) and, one in five, FaaS spans with a cold-start flag (→ invocation
// events). Each batch is sent three ways — Vigil JSON, OTLP/JSON, OTLP protobuf — as the
// same events (same ids, times and values), so the ratio is the cost of the format alone.
const otlpRoot = protobuf.Root.fromJSON(JSON.parse(readFileSync(path.join(root, "lib/ingest/formats/otlp-proto/descriptor.json"), "utf8")));
const ExportTraceServiceRequest = otlpRoot.lookupType("opentelemetry.proto.collector.v1.ExportTraceServiceRequest");
const spanResource = [
  { key: "service.name", value: { stringValue: "shop" } },
  { key: "deployment.environment.name", value: { stringValue: "production" } },
  { key: "service.version", value: { stringValue: "1.0.0" } },
];
let spanSeq = 0;
/** One span as plain data: ids as hex, times as epoch ms. */
function spanShape(i) {
  const id = (++spanSeq).toString(16).padStart(16, "0");
  const start = Date.now() - (i % 50) * 100;
  const durationMs = 5 + ((i * 37) % 400);
  const faas = i % 5 === 4;
  return { id, trace: id.padStart(32, "a"), start, durationMs, faas, route: routes[i % 6], statusCode: i % 20 === 0 ? 500 : 200, functionName: functions[i % 6], coldStart: i % 30 === 0 };
}
/** The events Vigil stores for a span (lib/ingest/formats/otlp.ts), in Vigil's own format. */
function spanEvent(s) {
  // The attributes the OTLP door keeps: service, ids, then the span's own.
  const common = { "service.name": "shop", trace_id: s.trace, span_id: s.id };
  if (s.faas) {
    const attributes = { ...common, "faas.trigger": "http", "faas.name": s.functionName, "faas.coldstart": s.coldStart };
    return { type: "invocation", id: s.id, timestamp: s.start, environment: "production", functionName: s.functionName, durationMs: s.durationMs, status: "success", coldStart: s.coldStart, attributes };
  }
  const attributes = { ...common, "http.request.method": "GET", "http.route": s.route, "http.response.status_code": s.statusCode };
  return { type: "request", id: s.id, timestamp: s.start, environment: "production", method: "GET", route: s.route, statusCode: s.statusCode, durationMs: s.durationMs, attributes };
}
const str = (v) => ({ stringValue: v });
/** A span as OTLP data; `bytes` turns hex ids into what protobuf carries. */
function otlpSpan(s, bytes) {
  const nanos = (ms) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  const attributes = s.faas
    ? [{ key: "faas.trigger", value: str("http") }, { key: "faas.name", value: str(s.functionName) }, { key: "faas.coldstart", value: { boolValue: s.coldStart } }]
    : [{ key: "http.request.method", value: str("GET") }, { key: "http.route", value: str(s.route) }, { key: "http.response.status_code", value: { intValue: s.statusCode } }];
  return {
    traceId: bytes ? Buffer.from(s.trace, "hex") : s.trace,
    spanId: bytes ? Buffer.from(s.id, "hex") : s.id,
    name: s.faas ? s.functionName : `GET ${s.route}`,
    kind: s.faas ? 1 : 2,
    startTimeUnixNano: nanos(s.start),
    endTimeUnixNano: nanos(s.start + s.durationMs),
    attributes,
    status: {},
  };
}
function otlpRequest(spans, bytes) {
  return { resourceSpans: [{ resource: { attributes: spanResource }, scopeSpans: [{ scope: { name: "bench" }, spans: spans.map((s) => otlpSpan(s, bytes)) }] }] };
}
/**
 * Request bodies of `size` spans in one of the three encodings, from a template made once:
 * each request only gets new random span ids (trace ids end with them), so the load
 * generator, which shares the 2 cores with the server, spends as little per request in
 * every encoding and the comparison measures the server.
 */
const MARK = /§(\d+)§/;
function spanFormat(format, size) {
  const shapes = Array.from({ length: size }, (_, i) => spanShape(i));
  if (format === "otlpProto") {
    const ids = randomBytes(8 * size);
    shapes.forEach((shape, i) => {
      shape.id = ids.toString("hex", 8 * i, 8 * i + 8);
      shape.trace = shape.id.padStart(32, "a");
    });
    const message = otlpRequest(shapes, true);
    for (const span of message.resourceSpans[0].scopeSpans[0].spans) {
      // fixed64 from decimal strings: protobufjs takes numbers; epoch ns fit a double to within 256 ns.
      span.startTimeUnixNano = Number(span.startTimeUnixNano);
      span.endTimeUnixNano = Number(span.endTimeUnixNano);
    }
    const template = Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish());
    // Where each span's id sits (as span id, and as the tail of its trace id).
    const offsets = shapes.map((_, i) => {
      const found = [];
      for (let at = template.indexOf(ids.subarray(8 * i, 8 * i + 8)); at >= 0; at = template.indexOf(ids.subarray(8 * i, 8 * i + 8), at + 1)) found.push(at);
      return found;
    });
    return { path: "/api/v1/otlp/v1/traces", ok: 200, contentType: "application/x-protobuf", body: () => {
      const body = Buffer.from(template);
      const fresh = randomBytes(8 * size);
      offsets.forEach((at, i) => at.forEach((o) => fresh.copy(body, o, 8 * i, 8 * i + 8)));
      return body;
    } };
  }
  shapes.forEach((shape, i) => {
    shape.id = `§${i}§`;
    shape.trace = `aaaaaaaaaaaaaaaa§${i}§`;
  });
  const text = format === "native" ? JSON.stringify({ events: shapes.map(spanEvent) }) : JSON.stringify(otlpRequest(shapes, false));
  const parts = text.split(MARK);
  return {
    path: format === "native" ? "/api/v1/ingest" : "/api/v1/otlp/v1/traces",
    ok: format === "native" ? 202 : 200,
    contentType: "application/json",
    body: () => {
      const fresh = randomBytes(8 * size);
      let out = parts[0];
      for (let k = 1; k < parts.length; k += 2) out += fresh.toString("hex", 8 * parts[k], 8 * parts[k] + 8) + parts[k + 1];
      return out;
    },
  };
}

/** Closed loop over one span format: `concurrency` clients, `size` spans per request, for SECONDS. */
async function spanLoop(target, format, size, concurrency, seconds = SECONDS) {
  const { path: urlPath, ok, contentType, body } = spanFormat(format, size);
  const latencies = [];
  let spans = 0;
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const b = body();
        const t = performance.now();
        const status = await target.server.request("POST", urlPath, b, target.headers(b, contentType));
        latencies.push(performance.now() - t);
        if (status === ok) spans += size;
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: Math.round(spans / seconds), requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

/** Closed loop: `concurrency` clients send as fast as answers come back, for SECONDS. */
async function closedLoop(target, size, concurrency, seconds = SECONDS) {
  const latencies = [];
  let events = 0;
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const b = batchBody(size);
        const t = performance.now();
        const status = await target.server.request("POST", "/api/v1/ingest", b, target.headers(b));
        latencies.push(performance.now() - t);
        if (status === 202) events += size;
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: Math.round(events / seconds), requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

/** Open loop: a fixed arrival rate, so latency is measured at a known load. */
async function openLoop(target, size, eventsPerSecond) {
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
      target.server.request("POST", "/api/v1/ingest", b, target.headers(b)).then((status) => {
        latencies.push(performance.now() - t);
        if (status !== 202) failures++;
      }),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond, requests: latencies.length, failures, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

const md5uuid = (text) => {
  const h = createHash("md5").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * The raw limit: the events of the same batches (the same mix, ids and values) written
 * straight into their tables with one `unnest` statement per batch (a data-modifying CTE per
 * table, so one round trip and one commit), behind the same unique keys. Like COPY, it lets
 * the unique index reject a duplicate instead of skipping it, as Vigil's common path does
 * (lib/ingest/writer.ts); `skipDuplicates` adds ON CONFLICT DO NOTHING, the cost of which is
 * reported beside it. What Vigil adds on top — HTTP, validation, grouping, rollups, issues —
 * is what the ratio measures.
 */
const RAW_TABLES = [
  ["requests", ["event_id uuid", "ts float8", "environment text", "method text", "route text", "status_code int", "duration_ms float8"]],
  ["invocations", ["event_id uuid", "ts float8", "environment text", "function_name text", "duration_ms float8", "status text", "cold_start bool"]],
  ["logs", ["event_id uuid", "ts float8", "environment text", "level text", "message text"]],
  ["vitals", ["event_id uuid", "ts float8", "environment text", "name text", "value float8", "route text"]],
  ["error_events", ["event_id uuid", "ts float8", "environment text", "issue_id uuid", "name text", "message text", "level text", "stack text"]],
];
/** One CTE per table, its columns in the order of rawParameters; `ts` travels as epoch ms, as Vigil's does. */
function rawStatement(skipDuplicates) {
  let n = 0;
  const ctes = RAW_TABLES.map(([table, columns], k) => {
    const names = columns.map((c) => c.split(" ")[0]);
    const arrays = columns.map((c) => `$${++n}::${c.split(" ")[1]}[]`);
    const values = names.map((name) => (name === "ts" ? "to_timestamp(ts / 1000)" : name));
    return `t${k} as (insert into ${table} (project_id, ${names.join(", ")})
    select 'prj_raw', ${values.join(", ")} from unnest(${arrays.join(", ")}) as u(${names.join(", ")})
    ${skipDuplicates ? "on conflict do nothing" : ""})`;
  });
  return `with ${ctes.join(",\n  ")} select 1`;
}

function rawParameters(events) {
  const cols = { request: [[], [], [], [], [], [], []], invocation: [[], [], [], [], [], [], []], log: [[], [], [], [], []], vital: [[], [], [], [], [], []], error: [[], [], [], [], [], [], [], []] };
  for (const e of events) {
    const common = [md5uuid(e.id), e.timestamp, "production"];
    const own = {
      request: () => [e.method, e.route, e.statusCode, e.durationMs],
      invocation: () => [e.functionName, e.durationMs, e.status, e.coldStart],
      log: () => [e.level, e.message],
      vital: () => [e.name, e.value, e.route],
      // error_events takes issue_id right after the common columns, as in the statement.
      error: () => [md5uuid(`prj_raw ${e.stack}`), e.name, e.message, "error", e.stack],
    }[e.type]();
    [...common, ...own].forEach((v, k) => cols[e.type][k].push(v));
  }
  return [...cols.request, ...cols.invocation, ...cols.log, ...cols.vital, ...cols.error];
}

/** Runs `writeBatch` (which writes `size` rows) on `concurrency` connections for SECONDS. */
async function rawLoop(size, concurrency, writeBatch) {
  let rows = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await writeBatch();
        rows += size;
      }
    }),
  );
  return { eventsPerSecond: Math.round(rows / SECONDS) };
}

function rawLimit(target, size, concurrency, { skipDuplicates = false } = {}) {
  const statement = rawStatement(skipDuplicates);
  return rawLoop(size, concurrency, () => {
    const events = Array.from({ length: size }, (_, i) => event(i));
    return target.pool.query(statement, rawParameters(events));
  });
}

/** The raw limit as measured before (kept for comparison): request rows only, into one table. */
function rawRequestsOnly(target, size, concurrency) {
  return rawLoop(size, concurrency, () => {
    const ids = [], ts = [], routesCol = [], codes = [], durations = [];
    for (let i = 0; i < size; i++) {
      const e = event(i * 20); // request-shaped
      ids.push(md5uuid(e.id));
      ts.push(new Date(e.timestamp).toISOString());
      routesCol.push(e.route);
      codes.push(e.statusCode);
      durations.push(e.durationMs);
    }
    return target.pool.query(
      `insert into requests (project_id, event_id, ts, environment, method, route, status_code, duration_ms)
       select 'prj_raw', * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[])
       on conflict do nothing`,
      [ids, ts, routesCol.map(() => "production"), routesCol.map(() => "GET"), routesCol, codes, durations],
    );
  });
}

// ---------------------------------------------------------------- the run
const PHASES = {
  raw500: { label: "raw: the same events, 500 per statement, 4 connections", run: (t) => rawLimit(t, 500, 4) },
  raw500skip: { label: "raw: the same, with ON CONFLICT DO NOTHING", run: (t) => rawLimit(t, 500, 4, { skipDuplicates: true }) },
  raw50: { label: "raw: the same events, 50 per statement, 8 connections", run: (t) => rawLimit(t, 50, 8) },
  rawRequests500: { label: "raw: request rows only, 500 per statement, 4 connections", run: (t) => rawRequestsOnly(t, 500, 4) },
  http50: { label: "HTTP, 50-event batches, 32 clients", run: (t) => closedLoop(t, 50, 32) },
  http500: { label: "HTTP, 500-event batches, 8 clients", run: (t) => closedLoop(t, 500, 8) },
  fixed10k: { label: "HTTP at a fixed 10,000 events/s (50-event batches)", run: (t) => openLoop(t, 50, 10_000) },
  errorsNative: { label: "error events, one per request, Vigil JSON, 32 clients", run: (t) => errorLoop(t, "native", 32) },
  errorsSentry: { label: "error events, one per request, Sentry envelopes, 32 clients", run: (t) => errorLoop(t, "sentry", 32) },
  spansNative: { label: "spans as Vigil JSON, 500 per request, 8 clients", run: (t) => spanLoop(t, "native", 500, 8) },
  spansOtlpJson: { label: "spans as OTLP/JSON, 500 per request, 8 clients", run: (t) => spanLoop(t, "otlpJson", 500, 8) },
  spansOtlpProto: { label: "spans as OTLP protobuf, 500 per request, 8 clients", run: (t) => spanLoop(t, "otlpProto", 500, 8) },
  // Not in the report: one event per request isolates the per-request cost (profiling).
  http1: { label: "HTTP, 1-event batches, 32 clients", run: (t) => closedLoop(t, 1, 32) },
};
// Each on its own fresh database. The raw limit too: millions of rows written before the
// HTTP phases would leave them bigger indexes and autovacuum to compete with.
const SERVERS = {
  serve: { label: "`npm start` (scripts/serve.mjs), one process", options: {}, phases: ["http50", "http500", "fixed10k", "errorsNative", "errorsSentry"] },
  serve2: { label: "`npm start` with WEB_CONCURRENCY=2", options: { workers: 2 }, phases: ["http50", "http500", "fixed10k"] },
  nextStart: { label: "plain `next start`", options: { nextStart: true }, phases: ["http50", "http500", "fixed10k"] },
  raw: { label: "raw limit (the server idle)", options: {}, phases: ["raw500", "raw500skip", "raw50", "rawRequests500"] },
  otlp: { label: "`npm start`, compatibility ingest", options: {}, phases: ["spansNative", "spansOtlpJson", "spansOtlpProto"] },
};
const onlyServers = process.env.BENCH_SERVERS?.split(",");
const onlyPhases = process.env.BENCH_PHASES?.split(",");
const partial = Boolean(onlyServers || onlyPhases);

const results = {};
try {
  for (const [name, server] of Object.entries(SERVERS)) {
    if (onlyServers && !onlyServers.includes(name)) continue;
    const target = await setUp(server.options);
    try {
      console.log(`${server.label}: warming up…`);
      await closedLoop(target, 50, 8, 3);
      for (const phase of (onlyPhases ?? server.phases).filter((p) => !onlyPhases || server.phases.includes(p) || p === "http1")) {
        console.log(`${server.label}: ${PHASES[phase].label}…`);
        // Each phase starts with no checkpoint due from the previous one's writes.
        await admin.query("checkpoint");
        const stop = cpuMeter(target.server.pid);
        const figures = await PHASES[phase].run(target);
        results[`${name}.${phase}`] = { ...figures, cpu: stop() };
      }
    } finally {
      await target.tearDown();
    }
  }
} finally {
  await admin.end();
}
if (partial) {
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}

// ---------------------------------------------------------------- the report
const cores = (x) => x.toFixed(2);
const row = (label, r) =>
  `| ${label} | ${fmt(r.eventsPerSecond)} | ${r.requests === undefined ? "" : fmt(r.requests)} | ${r.p50 === undefined ? "" : fmt(r.p50)} | ${r.p95 === undefined ? "" : fmt(r.p95)} | ${r.p99 === undefined ? "" : fmt(r.p99)} | ${r.failures ?? ""} | ${cores(r.cpu.server)} | ${cores(r.cpu.postgres)} | ${cores(r.cpu.client)} | ${cores(2 * r.cpu.idle)} |`;
const rows = [];
for (const [name, server] of Object.entries(SERVERS)) {
  for (const phase of server.phases) {
    const label = phase.startsWith("raw") ? PHASES[phase].label : `${server.label}: ${PHASES[phase].label}`;
    rows.push(row(label, results[`${name}.${phase}`]));
  }
}
const r = (key) => results[key];
const ratio = r("serve.http500").eventsPerSecond / r("raw.raw500").eventsPerSecond;
const met = (ok) => (ok ? "met" : "**not met**");
const section = `## Ingest

Run ${runTime()} on ${machine()}, Node ${process.version}, PostgreSQL on the same box
(durable commits). ${SECONDS} s per phase after a 3 s warm-up and a \`CHECKPOINT\`; load from
one client process on loopback, sharing the 2 cores with the server and the database; each
server, and the raw limit, on a fresh database. Event mix: 40% requests, 35% invocations, 15% logs, 5% vitals, 5% errors; every
event carries an id (dedupe on), timestamps spread over the last 5 s. CPU columns: cores
used on average by the server (all its processes), PostgreSQL (all backends) and the load
generator, and cores left idle. The server of \`npm start\` runs with the node flags of
\`npm start\` (scripts/server-node-flags.mjs). \`npm run build && node bench/ingest.mjs\`
reproduces it.

| phase | events/s | requests | p50 ms | p95 ms | p99 ms | failures | server | PostgreSQL | load | idle |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

The raw rows are the baseline of the same run: the same events written straight into their
tables with \`unnest\` (one statement and commit per batch; no HTTP, validation, grouping,
rollups or issues). Like COPY, and like the server's common path, it leaves duplicates to
the unique indexes, which would reject the statement; the row with \`ON CONFLICT DO
NOTHING\` shows what skipping them instead costs. Times travel as epoch milliseconds there
as in the server. The request-only figure is the baseline as measured before this format
(ISO times, \`ON CONFLICT\`), for comparison.

Targets (issue #3), for the server of \`npm start\`:

- ≥ 30,000 events/s with 50-event batches: ${fmt(r("serve.http50").eventsPerSecond)} — ${met(r("serve.http50").eventsPerSecond >= 30_000)};
- ≥ 80,000 events/s with 500-event batches, or ≥ 0.8 × the raw limit (${fmt(Math.round(0.8 * r("raw.raw500").eventsPerSecond))}):
  ${fmt(r("serve.http500").eventsPerSecond)}, ${ratio.toFixed(2)} × the raw limit — ${met(r("serve.http500").eventsPerSecond >= 80_000 || ratio >= 0.8)};
- p95 ≤ 30 ms at 10,000 events/s: ${fmt(r("serve.fixed10k").p95)} ms — ${met(r("serve.fixed10k").p95 <= 30)}.

Compatibility ingest (issue #16): Sentry error events through \`POST /api/{ref}/envelope/\`,
one event per envelope as the SDKs send them, ${fmt(r("serve.errorsSentry").eventsPerSecond)}/s, beside
${fmt(r("serve.errorsNative").eventsPerSecond)}/s for the same errors one per request through
\`POST /api/v1/ingest\` (${(r("serve.errorsSentry").eventsPerSecond / r("serve.errorsNative").eventsPerSecond).toFixed(2)} ×).
OpenTelemetry (issue #16): the same spans — SERVER spans with HTTP attributes, one in five a
FaaS span (80% requests, 20% invocations, no duplicates) — sent as Vigil JSON events, as
OTLP/JSON and as OTLP protobuf to the same server, one after the other; spans/s are the
events stored per second.

- OTLP/JSON: ${fmt(r("otlp.spansOtlpJson").eventsPerSecond)} spans/s, ${(r("otlp.spansOtlpJson").eventsPerSecond / r("otlp.spansNative").eventsPerSecond).toFixed(2)} × the native path;
- OTLP protobuf ≥ 0.7 × the native path (${fmt(r("otlp.spansNative").eventsPerSecond)} events/s): ${fmt(r("otlp.spansOtlpProto").eventsPerSecond)} spans/s,
  ${(r("otlp.spansOtlpProto").eventsPerSecond / r("otlp.spansNative").eventsPerSecond).toFixed(2)} × — ${met(r("otlp.spansOtlpProto").eventsPerSecond >= 0.7 * r("otlp.spansNative").eventsPerSecond)}.
`;
writeSection(root, "Ingest", section);
console.log(section);
