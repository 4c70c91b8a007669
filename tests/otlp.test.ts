import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { context, trace, SpanKind, SpanStatusCode, type Span } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPTraceExporter as OTLPTraceExporterJson } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPTraceExporterProto } from "@opentelemetry/exporter-trace-otlp-proto";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { count, eq } from "drizzle-orm";
import protobuf from "protobufjs";
import { describe, expect, inject, it } from "vitest";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as issueRoute from "@/app/api/v1/projects/[projectId]/issues/[issueId]/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import * as logsRoute from "@/app/api/v1/projects/[projectId]/logs/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import { openPglite, openPostgres } from "@/lib/db/client";
import { errorEvents, invocations, logs, requests } from "@/lib/db/schema";
import { problemOf } from "@/lib/http/errors";
import descriptor from "@/lib/ingest/formats/otlp-proto/descriptor.json";
import { foldRollups } from "@/lib/ingest/ingest";
import { acceptOtlpExport } from "@/lib/ingest/otlp";
import { createRandom } from "@/lib/sample-data/random";
// @ts-expect-error -- plain JavaScript generator script, without types.
import { loadOtlpRoot } from "@/scripts/generate-otlp-descriptor.mjs";
import { freshBudgets } from "./support/budgets";
import { testDatabaseUrl, useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";
import { withLogs } from "./support/logs";
import { send, useNativeServer } from "./support/native-server";
import { useNextServer } from "./support/next-server";

/**
 * OpenTelemetry's own exporters, unchanged, pointed at Vigil: what a team gets by setting
 * OTEL_EXPORTER_OTLP_ENDPOINT and a header. Spans and log records are recorded by the real
 * SDK, exported by the real OTLP/HTTP exporters (JSON and protobuf) over a socket to both
 * front doors, and read back through the read API.
 */
const db = useTestDatabase();
const doors = [
  { door: "npm start", origin: useNativeServer() },
  { door: "next start", origin: useNextServer() },
];

const resource = resourceFromAttributes({
  "service.name": "shop",
  "deployment.environment.name": "staging",
  "service.version": "1.2.3",
});

/** Records the spans a small app produces: two requests (new and old HTTP names), a failing cold function, and an internal span. */
function recordSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer("otlp-test");
  const end = (span: Span) => span.end();

  const users = tracer.startSpan("GET /api/users/[id]", {
    kind: SpanKind.SERVER,
    attributes: { "http.request.method": "GET", "http.route": "/api/users/[id]", "url.path": "/api/users/42", "http.response.status_code": 200 },
  });
  tracer.startActiveSpan("db.query", { kind: SpanKind.INTERNAL }, trace.setSpan(context.active(), users), end);
  end(users);

  end(tracer.startSpan("POST", { kind: SpanKind.SERVER, attributes: { "http.method": "POST", "http.target": "/api/orders?page=2", "http.status_code": 503 } }));

  const checkout = tracer.startSpan("checkout", { kind: SpanKind.SERVER, attributes: { "faas.trigger": "http", "faas.name": "api/checkout", "faas.coldstart": true } });
  try {
    throw new TypeError("card declined");
  } catch (err) {
    checkout.recordException(err as Error);
    checkout.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
  }
  end(checkout);
  return memory.getFinishedSpans();
}

function recordLogs(): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  const logger = provider.getLogger("otlp-test");
  const span = new BasicTracerProvider().getTracer("t").startSpan("request");
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: "INFO", body: "order 1001 accepted", attributes: { orderId: 1001 } });
  logger.emit({ severityNumber: SeverityNumber.WARN2, body: "payment provider slow", context: trace.setSpan(context.active(), span) });
  logger.emit({ severityText: "ERROR", body: { event: "payment failed", code: 402 } });
  span.end();
  return memory.getFinishedLogRecords();
}

function exportWith<T>(exporter: { export(items: T[], done: (result: ExportResult) => void): void }, items: T[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

async function ingestTenant(scopes: ("ingest" | "read")[] = ["ingest"]) {
  const tenant = await createTenant(db());
  return { ...tenant, key: await createApiKey(db(), tenant, scopes), readKey: await createApiKey(db(), tenant, ["read"]) };
}

async function stored(projectId: string) {
  const n = async (table: typeof requests | typeof invocations | typeof logs | typeof errorEvents) =>
    (await db().select({ n: count() }).from(table).where(eq(table.projectId, projectId)))[0].n;
  return { requests: await n(requests), invocations: await n(invocations), errors: await n(errorEvents), logs: await n(logs) };
}

async function read(handler: typeof requestsRoute.GET, projectId: string, key: string, query = "?range=1h") {
  const res = await call(handler, { path: `/x${query}`, params: { projectId }, headers: bearer(key) });
  expect(res.status).toBe(200);
  return res.json();
}

const traceExporters = [
  { encoding: "JSON", make: (url: string, headers: Record<string, string>) => new OTLPTraceExporterJson({ url, headers }) },
  { encoding: "protobuf", make: (url: string, headers: Record<string, string>) => new OTLPTraceExporterProto({ url, headers, compression: "gzip" as never }) },
];

describe.each(doors)("OTLP/HTTP through $door", ({ origin }) => {
  describe.each(traceExporters)("traces, $encoding exporter", ({ make }) => {
    it("stores SERVER spans as requests, FaaS spans as invocations and exceptions as issues with their stack; a retried export stores nothing twice", async () => {
      const { project, key, readKey } = await ingestTenant();
      const spans = recordSpans();
      const exporter = make(`${origin()}/api/v1/otlp/v1/traces`, { authorization: `Bearer ${key}` });
      expect((await exportWith(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
      expect(await stored(project.id)).toEqual({ requests: 2, invocations: 1, errors: 1, logs: 0 });

      // A retry (the exporter's own, after a lost answer) is recognised span by span.
      expect((await exportWith(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
      expect(await stored(project.id)).toEqual({ requests: 2, invocations: 1, errors: 1, logs: 0 });
      await foldRollups(db(), project.id);

      const reqs = await read(requestsRoute.GET, project.id, readKey);
      const byRoute = Object.fromEntries(reqs.data.map((r: { method: string; route: string }) => [`${r.method} ${r.route}`, r]));
      expect(Object.keys(byRoute).sort()).toEqual(["GET /api/users/[id]", "POST /api/orders"]);
      expect(byRoute["GET /api/users/[id]"]).toMatchObject({ count: 1, rate5xx: 0 });
      expect(byRoute["POST /api/orders"]).toMatchObject({ count: 1, rate5xx: 1 });

      const fns = await read(functionsRoute.GET, project.id, readKey);
      expect(fns.data).toHaveLength(1);
      expect(fns.data[0]).toMatchObject({ functionName: "api/checkout", invocations: 1, errors: 1 });
      expect(fns.data[0].coldStartRate).toBe(1);

      const list = await read(issuesRoute.GET, project.id, readKey, "?range=1h&release=1.2.3&environment=staging");
      expect(list.data.map((i: { title: string }) => i.title)).toEqual(["TypeError: card declined"]);
      const issue = await (await call(issueRoute.GET, { path: "/", params: { projectId: project.id, issueId: list.data[0].id }, headers: bearer(readKey) })).json();
      expect(issue.latestEvents[0].stack).toContain("recordSpans");
      expect(issue.tags.release).toEqual([{ value: "1.2.3", count: 1 }]);
    });
  });

  it("log records, gzipped JSON with the key in x-vigil-key: levels, bodies, attributes and trace ids; a retry stores nothing twice", async () => {
    const { project, key, readKey } = await ingestTenant();
    const records = recordLogs();
    const exporter = new OTLPLogExporter({ url: `${origin()}/api/v1/otlp/v1/logs`, headers: { "x-vigil-key": key }, compression: "gzip" as never });
    expect((await exportWith(exporter, records)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportWith(exporter, records)).code).toBe(ExportResultCode.SUCCESS);
    expect((await stored(project.id)).logs).toBe(3);

    const body = await read(logsRoute.GET, project.id, readKey);
    const byMessage = Object.fromEntries(body.data.map((l: { message: string }) => [l.message, l]));
    expect(byMessage["order 1001 accepted"]).toMatchObject({ level: "info", environment: "staging", attributes: { orderId: 1001, "service.name": "shop" } });
    expect(byMessage["payment provider slow"].level).toBe("warn");
    expect(byMessage["payment provider slow"].attributes).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(byMessage['{"event":"payment failed","code":402}'].level).toBe("error");
  });

  it("answers a protobuf export in protobuf, with partialSuccess naming the spans it did not keep", async () => {
    const { project, key } = await ingestTenant();
    const memory = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer("t");
    tracer.startSpan("cache lookup", { kind: SpanKind.CLIENT }).end();
    const bytes = ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
    const res = await send(`${origin()}/api/v1/otlp/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` }, body: bytes });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const answer = otlpType("ExportTraceServiceResponse").decode(new Uint8Array(await res.arrayBuffer())).toJSON();
    expect(answer.partialSuccess.errorMessage).toMatch(/1 of 1 spans accepted but not stored/);
    expect(answer.partialSuccess.rejectedSpans ?? "0").toBe("0");
    expect(await stored(project.id)).toEqual({ requests: 0, invocations: 0, errors: 0, logs: 0 });
  });

  it("bad input: a clear 4xx, nothing stored, never a 5xx", async () => {
    const { project, key, readKey } = await ingestTenant();
    const url = `${origin()}/api/v1/otlp/v1/traces`;
    const post = (headers: Record<string, string>, body: string | Uint8Array) => send(url, { method: "POST", headers, body });
    const auth = { authorization: `Bearer ${key}` };
    const good = ProtobufTraceSerializer.serializeRequest(recordSpans())!;

    const truncated = await post({ ...auth, "content-type": "application/x-protobuf" }, good.subarray(0, good.length - 7));
    expect(truncated.status).toBe(400);
    expect(truncated.headers.get("content-type")).toBe("application/x-protobuf");
    const status = otlpType("Status").decode(new Uint8Array(await truncated.arrayBuffer())).toJSON();
    expect(status).toMatchObject({ code: 3, message: expect.stringContaining("protobuf") });

    const wrongType = await post({ ...auth, "content-type": "text/plain" }, "hello");
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get("accept-post")).toContain("application/x-protobuf");

    // 10,000 levels of kvlistValue in one attribute: refused by depth, not by a stack overflow.
    let deep = '{"stringValue":"bottom"}';
    for (let i = 0; i < 10_000; i++) deep = `{"kvlistValue":{"values":[{"key":"k","value":${deep}}]}}`;
    const nested = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"0102030405060708","traceId":"0102030405060708090a0b0c0d0e0f10","kind":2,"attributes":[{"key":"deep","value":${deep}}]}]}]}]}`;
    for (const [name, body] of [
      ["deep JSON", nested],
      ["deep JSON, gzipped", gzipSync(nested)],
    ] as const) {
      const res = await post({ ...auth, "content-type": "application/json", ...(name.endsWith("gzipped") ? { "content-encoding": "gzip" } : {}) }, body instanceof Buffer ? new Uint8Array(body) : body);
      expect(res.status, name).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).detail).toMatch(/nested/);
    }
    const deepProto = await post({ ...auth, "content-type": "application/x-protobuf" }, deeplyNestedProtobuf(10_000));
    expect(deepProto.status).toBe(400);

    expect((await post({ "content-type": "application/json" }, "{}")).status).toBe(401);
    expect((await post({ "content-type": "application/json", authorization: "Bearer vgl_nope" }, "{}")).status).toBe(401);
    expect((await post({ "content-type": "application/json", "x-vigil-key": "two words" }, "{}")).status).toBe(401);
    const readOnly = await post({ "content-type": "application/x-protobuf", authorization: `Bearer ${readKey}` }, good);
    expect(readOnly.status).toBe(403);
    expect(otlpType("Status").decode(new Uint8Array(await readOnly.arrayBuffer())).toJSON()).toMatchObject({ code: 7 });

    expect(await stored(project.id)).toEqual({ requests: 0, invocations: 0, errors: 0, logs: 0 });
  });

  it("a seeded fuzz of bodies never answers 5xx", async () => {
    const seed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = createRandom(seed);
    const { key } = await ingestTenant();
    const good = ProtobufTraceSerializer.serializeRequest(recordSpans())!;
    const goodJson = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "s" } }] }, scopeSpans: [{ spans: [{ spanId: "0a0b0c0d0e0f0102", kind: 2, startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6 + 5e6), attributes: [{ key: "http.route", value: { stringValue: "/a" } }] }] }] }],
    });
    const hostile = ["null", "[]", "1", '"x"', "{}", '{"resourceSpans":1}', '{"resourceSpans":[1]}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":{}}]}]}]}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"kvlistValue":7}}]}]}]}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01","startTimeUnixNano":"99999999999999999999","endTimeUnixNano":"-5","kind":"SPAN_KIND_SERVER","attributes":[{"key":"http.route","value":{"intValue":"x"}}],"status":{"code":"STATUS_CODE_ERROR"}}]}]}]}',
      // 10,000 levels deep: as arrays, and as an attribute's nested values.
      "[".repeat(10_000) + "]".repeat(10_000), `{"resourceSpans":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01","attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(5_000)}${"]}}".repeat(5_000)}}]}]}]}]}`];
    const { logs } = await withLogs(async () => {
      for (let round = 0; round < 150; round++) {
        const signal = random.pick(["traces", "logs"] as const);
        const protobufBody = random.next() < 0.5;
        let body: Uint8Array | string;
        if (protobufBody) {
          const bytes = Uint8Array.from(good);
          for (let flips = random.int(0, 8); flips > 0; flips--) bytes[random.int(0, bytes.length)] = random.int(0, 256);
          body = bytes.subarray(0, random.int(0, bytes.length + 1));
        } else {
          const base = random.next() < 0.5 ? random.pick(hostile) : goodJson;
          const chars = [...base];
          for (let edits = random.int(0, 6); edits > 0; edits--) chars.splice(random.int(0, chars.length), random.int(0, 3), random.pick(["{", "}", "[", "]", '"', ",", ":", "0", "-", "\\u0000", "1e999", "\uD800"]));
          body = chars.join("");
        }
        const res = await send(`${origin()}/api/v1/otlp/v1/${signal}`, {
          method: "POST",
          headers: { "content-type": protobufBody ? "application/x-protobuf" : "application/json", authorization: `Bearer ${key}` },
          body,
        });
        expect(res.status, `FUZZ_SEED=${seed} round ${round}: ${typeof body === "string" ? body.slice(0, 200) : Buffer.from(body).toString("hex").slice(0, 200)}`).toBeLessThan(500);
      }
    });
    // Refused bodies are the sender's problem: nothing the server did not expect is logged.
    expect(logs.filter((l) => l.level === "error"), `FUZZ_SEED=${seed}`).toEqual([]);
  });
});

describe("backing off", () => {
  const limited = useNativeServer({ budgets: freshBudgets(2) });

  it("a spent ingest budget answers 429 with Retry-After, whichever header carries the key", async () => {
    const { key } = await ingestTenant();
    const post = (headers: Record<string, string>) => send(`${limited()}/api/v1/otlp/v1/logs`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
    expect((await post({ "x-vigil-key": key })).status).toBe(200);
    expect((await post({ authorization: `Bearer ${key}` })).status).toBe(200);
    const refused = await post({ "x-vigil-key": key });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("storage down: 503 with Retry-After, nothing stored; the retry stores everything once", async () => {
    const { project } = await ingestTenant();
    const target = inject("testDatabase");
    const handle = target.kind === "postgres" ? await openPostgres(testDatabaseUrl(), 1) : await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
    await handle.close();
    const bytes = ProtobufTraceSerializer.serializeRequest(recordSpans())!;
    const { value: failure } = await withLogs(() => acceptOtlpExport(handle.db, project.id, "traces", "protobuf", bytes).catch((e: unknown) => e));
    expect(problemOf(failure)).toMatchObject({ status: 503, headers: { "Retry-After": "5" } });
    expect(await stored(project.id)).toEqual({ requests: 0, invocations: 0, errors: 0, logs: 0 });
    await acceptOtlpExport(db(), project.id, "traces", "protobuf", bytes);
    await acceptOtlpExport(db(), project.id, "traces", "protobuf", bytes);
    expect(await stored(project.id)).toEqual({ requests: 2, invocations: 1, errors: 1, logs: 0 });
  });
});

describe("the OTLP protobuf definitions", () => {
  it("descriptor.json is what the .proto files in the repo compile to (regenerate: node scripts/generate-otlp-descriptor.mjs)", () => {
    expect(JSON.parse(JSON.stringify((loadOtlpRoot() as protobuf.Root).toJSON()))).toEqual(descriptor);
  });
});

function otlpType(name: string): protobuf.Type {
  return protobuf.Root.fromJSON(descriptor as protobuf.INamespace).lookupType(`opentelemetry.proto.collector.v1.${name}`);
}

/** An ExportTraceServiceRequest whose one span attribute nests `depth` kvlists, built bottom-up (no recursion). */
function deeplyNestedProtobuf(depth: number): Uint8Array {
  const field = (id: number, bytes: Uint8Array) => {
    const w = protobuf.Writer.create();
    w.uint32((id << 3) | 2).bytes(bytes);
    return w.finish();
  };
  const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
  const str = (s: string) => new TextEncoder().encode(s);
  let anyValue = field(1, str("bottom")); // AnyValue.string_value
  for (let i = 0; i < depth; i++) {
    const keyValue = concat(field(1, str("k")), field(2, anyValue)); // KeyValue { key, value }
    anyValue = field(6, field(1, keyValue)); // AnyValue.kvlist_value { values }
  }
  const span = concat(field(2, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])), field(9, concat(field(1, str("deep")), field(2, anyValue))));
  return field(1, field(2, field(2, span))); // ExportTraceServiceRequest.resource_spans.scope_spans.spans
}
