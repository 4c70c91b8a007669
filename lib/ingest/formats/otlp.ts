import { createHash } from "node:crypto";
import protobuf from "protobufjs";
import { ValidationError, zodToFieldErrors, type FieldError } from "@/lib/errors";
import type { DecodedBatch, Rejection } from "../pipeline";
import { eventSchema, timestampProblem } from "../schema";
import descriptor from "./otlp-proto/descriptor.json";

/**
 * OpenTelemetry's OTLP/HTTP (API.md, "Compatibility ingest"): ExportTraceServiceRequest and
 * ExportLogsServiceRequest, in JSON or protobuf, decoded into the pipeline's events. Both
 * encodings become the same loose object tree (protobufjs decodes to camelCase fields, as
 * OTLP/JSON names them) and one walker maps it; the differences — ids as bytes or hex,
 * 64-bit times as Long or decimal strings, enums as numbers or names — are absorbed by the
 * small readers below. Everything is bounded: attribute counts, string lengths, and the
 * nesting depth of AnyValue (a deeper value is a 400, never a deep recursion).
 *
 * The mapping, field by field, is documented in docs/api.md ("OpenTelemetry").
 */

export type OtlpSignal = "traces" | "logs";
export type OtlpEncoding = "json" | "protobuf";

/** What an export turned into: the pipeline's batch, and the counts its answer reports. */
export interface OtlpBatch extends DecodedBatch {
  /** Spans or log records in the request. */
  received: number;
  /** Spans or log records refused (invalid): partialSuccess.rejectedSpans / rejectedLogRecords. */
  rejectedItems: number;
  /** Spans accepted but not stored (neither a request, an invocation nor carrying an exception). */
  ignoredSpans: number;
  /** Human-readable partialSuccess.errorMessage ("" when there is nothing to say). */
  message: string;
}

/** AnyValue nesting Vigil follows: attributes are flattened to text well before this. */
const MAX_ANY_VALUE_DEPTH = 16;
/** Spans or log records per request; the body cap (1 MiB) bounds it too. */
const MAX_ITEMS_PER_REQUEST = 10_000;
/** Exception events turned into errors per span; SDKs record one or two. */
const MAX_EXCEPTIONS_PER_SPAN = 10;
/** The event schema's limits (lib/ingest/schema.ts): longer values are cut, not refused. */
const MAX_ATTRIBUTES = 50;
const MAX_ATTRIBUTE_KEY = 128;
const MAX_ATTRIBUTE_VALUE = 1024;
const MAX_MESSAGE = 16 * 1024;
const MAX_STACK = 64 * 1024;
const MAX_PROBLEMS_IN_MESSAGE = 5;

const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;

// ---------------------------------------------------------------- protobuf

let types: { traces: protobuf.Type; logs: protobuf.Type; traceAnswer: protobuf.Type; logsAnswer: protobuf.Type; status: protobuf.Type } | undefined;

/** The message types, compiled on first use from descriptor.json (generated from otlp-proto/*.proto). */
function otlpTypes() {
  if (!types) {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    const type = (name: string) => root.lookupType(`opentelemetry.proto.collector.v1.${name}`);
    types = {
      traces: type("ExportTraceServiceRequest"),
      logs: type("ExportLogsServiceRequest"),
      traceAnswer: type("ExportTraceServiceResponse"),
      logsAnswer: type("ExportLogsServiceResponse"),
      status: type("Status"),
    };
  }
  return types;
}

/** The request body as an object tree, or a 400 when it is not the encoding it claims. */
export function parseOtlpBody(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array): unknown {
  const what = signal === "traces" ? "ExportTraceServiceRequest" : "ExportLogsServiceRequest";
  if (encoding === "protobuf") {
    try {
      return otlpTypes()[signal].decode(bytes);
    } catch (err) {
      // Truncated or foreign bytes; a pathologically nested message may also exhaust the stack here.
      const reason = err instanceof RangeError && /call stack/i.test(err.message) ? "nested too deeply" : err instanceof Error ? err.message : "undecodable";
      throw new ValidationError([{ pointer: "", message: `Body is not a protobuf ${what}: ${reason}` }], `The body is not a valid protobuf ${what}.`);
    }
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof RangeError ? "nested too deeply" : "not valid JSON";
    throw new ValidationError([{ pointer: "", message: `Body is ${reason}` }], `The body is not a valid OTLP/JSON ${what}: ${reason}.`);
  }
}

/** The 200 answer: Export{Trace,Logs}ServiceResponse in the request's encoding. */
export function encodeOtlpAnswer(signal: OtlpSignal, encoding: OtlpEncoding, batch: Pick<OtlpBatch, "rejectedItems" | "message">): { body: Uint8Array | string; contentType: string } {
  const rejectedField = signal === "traces" ? "rejectedSpans" : "rejectedLogRecords";
  const partialSuccess = batch.rejectedItems > 0 || batch.message ? { [rejectedField]: batch.rejectedItems, errorMessage: batch.message } : undefined;
  if (encoding === "json") {
    // int64 fields are decimal strings in OTLP/JSON, but exporters read numbers too; a number is what they log.
    return { body: JSON.stringify(partialSuccess ? { partialSuccess } : {}), contentType: "application/json" };
  }
  const t = otlpTypes();
  const type = signal === "traces" ? t.traceAnswer : t.logsAnswer;
  return { body: type.encode(type.fromObject(partialSuccess ? { partialSuccess } : {})).finish(), contentType: "application/x-protobuf" };
}

/** google.rpc.Status, protobuf-encoded: the body of an error answer to a protobuf request. */
export function encodeOtlpStatus(code: number, message: string): Uint8Array {
  const { status } = otlpTypes();
  return status.encode(status.fromObject({ code, message })).finish();
}

// ---------------------------------------------------------------- readers of the loose tree

type Tree = Record<string, unknown>;
type Scalar = string | number | boolean;

function isTree(value: unknown): value is Tree {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * A repeated field: absent is empty; anything but a list of objects is a 400. The pointer
 * is `pointer` + `/field`, joined only on the error path (these run several times per span).
 */
function list(value: unknown, pointer: string, field?: string): Tree[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw shapeError(join(pointer, field), "Expected an array");
  for (let i = 0; i < value.length; i++) if (!isTree(value[i])) throw shapeError(`${join(pointer, field)}/${i}`, "Expected an object");
  return value as Tree[];
}

function object(value: unknown, pointer: string, field?: string): Tree | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isTree(value)) throw shapeError(join(pointer, field), "Expected an object");
  return value;
}

function join(pointer: string, field: string | undefined): string {
  return field === undefined ? pointer : `${pointer}/${field}`;
}

function shapeError(pointer: string, message: string): ValidationError {
  return new ValidationError([{ pointer, message }], `The body is not a valid OTLP request: ${message} at ${pointer || "the top"}.`);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max);
}

/** All-zero ids of each length, the invalid id of the specification. */
const ZERO_IDS = Array.from({ length: 65 }, (_, n) => "0".repeat(n));

/** An id: bytes (protobuf) or hex (JSON) → lowercase hex; empty or all-zero (the spec's "invalid") → undefined. */
function hexId(value: unknown): string | undefined {
  let hex: string | undefined;
  if (Buffer.isBuffer(value)) hex = value.toString("hex"); // protobufjs on Node decodes bytes as Buffers
  else if (value instanceof Uint8Array) hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  else if (typeof value === "string" && /^[0-9a-fA-F]{1,64}$/.test(value)) hex = value.toLowerCase();
  return hex && hex !== ZERO_IDS[hex.length] ? hex : undefined;
}

/** A 64-bit integer: number, decimal string (JSON) or protobufjs Long. */
function int64(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) return Number(value);
  if (typeof value === "object" && value !== null && typeof (value as { toNumber?: unknown }).toNumber === "function") {
    return (value as { toNumber(): number }).toNumber();
  }
  return undefined;
}

/** *UnixNano → epoch milliseconds; 0 or absent (the spec's "unknown") → undefined. */
function nanosToMillis(value: unknown): number | undefined {
  const nanos = int64(value);
  // Rounded, not floored: epoch nanoseconds as a double are off by up to 256 ns either way.
  return nanos && nanos > 0 ? Math.round(nanos / 1e6) : undefined;
}

/** An enum: its number, or (JSON written by hand) its name. */
function enumNumber(value: unknown, names: Record<string, number>): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return names[value] ?? 0;
  return 0;
}
const SPAN_KINDS: Record<string, number> = { SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };
const STATUS_CODES: Record<string, number> = { STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** An AnyValue as plain JSON data, at most MAX_ANY_VALUE_DEPTH deep (checked before recursing). */
function plainValue(value: unknown, depth: number, pointer: string): unknown {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new ValidationError(
      [{ pointer, message: `AnyValue nested more than ${MAX_ANY_VALUE_DEPTH} levels deep` }],
      `An attribute or body is nested more than ${MAX_ANY_VALUE_DEPTH} levels deep; nothing was stored.`,
    );
  }
  if (!isTree(value)) return undefined;
  // protobufjs names the member of the oneof that is set in the virtual `value` (the others
  // read as their defaults: boolValue false, …); OTLP/JSON carries only the member that is set.
  const set = typeof value.value === "string" ? value.value : undefined;
  const has = (member: string) => (set === undefined ? value[member] !== undefined && value[member] !== null : set === member);
  if (has("stringValue")) return typeof value.stringValue === "string" ? value.stringValue : undefined;
  if (has("boolValue")) return typeof value.boolValue === "boolean" ? value.boolValue : undefined;
  if (has("intValue")) return int64(value.intValue);
  if (has("doubleValue")) {
    const n = typeof value.doubleValue === "number" ? value.doubleValue : Number(value.doubleValue);
    return Number.isFinite(n) ? n : String(value.doubleValue);
  }
  if (has("bytesValue")) {
    return value.bytesValue instanceof Uint8Array ? Buffer.from(value.bytesValue).toString("base64") : String(value.bytesValue);
  }
  if (has("arrayValue") && isTree(value.arrayValue)) {
    const values = list(value.arrayValue.values, `${pointer}/arrayValue/values`);
    return values.map((v, i) => plainValue(v, depth + 1, `${pointer}/arrayValue/values/${i}`));
  }
  if (has("kvlistValue") && isTree(value.kvlistValue)) {
    const out: Record<string, unknown> = {};
    list(value.kvlistValue.values, `${pointer}/kvlistValue/values`).forEach((kv, i) => {
      if (typeof kv.key === "string") out[kv.key] = plainValue(kv.value, depth + 1, `${pointer}/kvlistValue/values/${i}/value`);
    });
    return out;
  }
  return undefined;
}

/**
 * The common case on the hot path, without building a pointer: a string, bool, int or
 * double AnyValue (protobufjs names the set member in `value`; JSON carries only it).
 * undefined means "not a plain scalar, take the general way".
 */
function fastScalar(value: unknown): Scalar | undefined {
  if (!isTree(value)) return undefined;
  const set = value.value;
  if (set === "stringValue" || (set === undefined && typeof value.stringValue === "string")) {
    return typeof value.stringValue === "string" ? clip(value.stringValue, MAX_ATTRIBUTE_VALUE) : undefined;
  }
  if (set === "boolValue" || (set === undefined && typeof value.boolValue === "boolean")) return typeof value.boolValue === "boolean" ? value.boolValue : undefined;
  if (set === "intValue" || (set === undefined && value.intValue !== undefined && value.intValue !== null)) return int64(value.intValue);
  return undefined;
}

/** An AnyValue as an attribute value: scalars kept, arrays and maps as (cut) JSON text. */
function scalarValue(value: unknown, pointer: string): Scalar | undefined {
  const plain = plainValue(value, 0, pointer);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain === "string") return clip(plain, MAX_ATTRIBUTE_VALUE);
  if (typeof plain === "number" || typeof plain === "boolean") return plain;
  return clip(JSON.stringify(plain), MAX_ATTRIBUTE_VALUE);
}

/** KeyValue[] → a map (first value of a key wins), every value checked for depth. */
function attributeMap(value: unknown, pointer: string, field?: string): Map<string, Scalar> {
  const map = new Map<string, Scalar>();
  const pairs = list(value, pointer, field);
  for (let i = 0; i < pairs.length; i++) {
    const kv = pairs[i];
    if (typeof kv.key !== "string" || kv.key === "" || map.has(kv.key)) continue;
    const v = fastScalar(kv.value) ?? scalarValue(kv.value, `${join(pointer, field)}/${i}/value`);
    if (v !== undefined) map.set(kv.key, v);
  }
  return map;
}

/** The first of up to four attributes that is set, as text (no rest array: this runs per span). */
function str(attrs: Map<string, Scalar>, a: string, b?: string, c?: string, d?: string): string | undefined {
  const v = attrs.get(a) ?? (b === undefined ? undefined : attrs.get(b)) ?? (c === undefined ? undefined : attrs.get(c)) ?? (d === undefined ? undefined : attrs.get(d));
  return v === undefined || v === "" ? undefined : String(v);
}

function numeric(v: Scalar | undefined): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Event attributes: the given pairs first, then the rest, at most MAX_ATTRIBUTES, keys cut to size. */
function eventAttributes(first: [string, Scalar | undefined][], rest: Map<string, Scalar>): Record<string, Scalar> | undefined {
  const out: Record<string, Scalar> = {};
  let n = 0;
  const add = (key: string, value: Scalar | undefined) => {
    if (value === undefined || n >= MAX_ATTRIBUTES) return;
    const k = clip(key, MAX_ATTRIBUTE_KEY);
    if (k in out) return;
    out[k] = value;
    n++;
  };
  for (const [key, value] of first) add(key, value);
  for (const [key, value] of rest) add(key, value);
  return n > 0 ? out : undefined;
}

// ---------------------------------------------------------------- resource

/** What a resource says about every event under it. */
interface ResourceContext {
  environment?: string;
  release?: string;
  deploymentId?: string;
  serviceName?: string;
  region?: string;
  /** The process is a function (resource `faas.name`): its root spans are invocations. */
  faasName?: string;
}

function resourceContext(resource: Tree | undefined, pointer: string): ResourceContext {
  const attrs = attributeMap(resource?.attributes, `${pointer}/attributes`);
  const cut = (v: string | undefined, max: number) => (v === undefined ? undefined : clip(v, max));
  return {
    environment: cut(str(attrs, "deployment.environment.name", "deployment.environment"), 64),
    release: cut(str(attrs, "service.version", "vcs.ref.head.revision", "vcs.revision", "vercel.sha"), 128),
    deploymentId: cut(str(attrs, "deployment.id", "vercel.deployment_id"), 128),
    serviceName: cut(str(attrs, "service.name"), MAX_ATTRIBUTE_VALUE),
    region: cut(str(attrs, "cloud.region", "vercel.region"), 64),
    faasName: cut(str(attrs, "faas.name"), 256),
  };
}

// ---------------------------------------------------------------- batches

/** Collects the events of one request, each checked against the event schema. */
class BatchBuilder {
  readonly batch: OtlpBatch = { events: [], rejected: [], received: 0, rejectedItems: 0, ignoredSpans: 0, message: "" };
  private readonly problems: FieldError[] = [];
  constructor(private readonly receivedAt: number) {}

  /** Adds one candidate event; false when it was refused (its problems are kept for the message). */
  add(candidate: Record<string, unknown>, pointer: string): boolean {
    const index = this.batch.events.length + this.batch.rejected.length;
    const parsed = eventSchema.safeParse(candidate);
    let errors: FieldError[];
    if (parsed.success) {
      const late = timestampProblem(parsed.data.timestamp, this.receivedAt);
      if (!late) {
        this.batch.events.push({ index, pointer, event: parsed.data });
        return true;
      }
      errors = [{ pointer, message: late }];
    } else {
      errors = zodToFieldErrors(parsed.error).map((e) => ({ pointer, message: `${e.pointer === "/" ? "" : `${e.pointer.slice(1)}: `}${e.message}` }));
    }
    this.reject({ index, errors });
    return false;
  }

  reject(rejection: Rejection): void {
    this.batch.rejected.push(rejection);
    this.problems.push(...rejection.errors);
  }

  finish(noun: string, ignoredNote: string): OtlpBatch {
    const parts: string[] = [];
    if (this.batch.rejectedItems > 0) {
      const shown = this.problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).map((p) => `${p.pointer}: ${p.message}`);
      const more = this.problems.length > shown.length ? `; and ${this.problems.length - shown.length} more` : "";
      parts.push(`${this.batch.rejectedItems} of ${this.batch.received} ${noun} rejected (${shown.join("; ")}${more})`);
    }
    if (this.batch.ignoredSpans > 0) parts.push(`${this.batch.ignoredSpans} of ${this.batch.received} ${noun} accepted but not stored: ${ignoredNote}`);
    this.batch.message = parts.join(". ");
    return this.batch;
  }
}

const IGNORED_SPANS_NOTE =
  "Vigil stores SERVER spans with an HTTP route or path (as requests), spans with faas.* attributes (as invocations) and exception events (as errors)";

/** ExportTraceServiceRequest → request, invocation and error events. */
export function decodeOtlpTraces(body: unknown, receivedAt = new Date()): OtlpBatch {
  const root = object(body, "");
  const out = new BatchBuilder(receivedAt.getTime());
  list(root?.resourceSpans, "/resourceSpans").forEach((resourceSpans, r) => {
    const rp = `/resourceSpans/${r}`;
    const resource = resourceContext(object(resourceSpans.resource, `${rp}/resource`), `${rp}/resource`);
    list(resourceSpans.scopeSpans, `${rp}/scopeSpans`).forEach((scopeSpans, s) => {
      const sp = `${rp}/scopeSpans/${s}/spans`;
      list(scopeSpans.spans, sp).forEach((span, i) => {
        out.batch.received++;
        const pointer = `${sp}/${i}`;
        if (out.batch.received > MAX_ITEMS_PER_REQUEST) {
          out.batch.rejectedItems++;
          out.reject({ index: out.batch.events.length + out.batch.rejected.length, errors: [{ pointer, message: `More than ${MAX_ITEMS_PER_REQUEST} spans in one request` }] });
          return;
        }
        const stored = spanEvents(out, span, resource, pointer);
        if (stored === "rejected") out.batch.rejectedItems++;
        else if (stored === "ignored") out.batch.ignoredSpans++;
      });
    });
  });
  return out.finish("spans", IGNORED_SPANS_NOTE);
}

/** What Vigil reads from a span's attributes, and the event attributes, found in one pass. */
interface SpanFacts {
  route?: string;
  urlPath?: string;
  target?: string;
  fullUrl?: string;
  method?: string;
  oldMethod?: string;
  statusCode?: number;
  oldStatusCode?: number;
  region?: string;
  faasName?: string;
  invokedName?: string;
  coldStart?: Scalar;
  hasFaas: boolean;
  attributes: Record<string, Scalar> | undefined;
}

/**
 * One pass over a span's KeyValue list (this is the hot path of the OTLP door): the
 * attributes the mapping reads (docs/api.md; the first value of a key wins, the current
 * semantic-convention name over the old one), and the event attributes — service.name,
 * trace_id, span_id, then the span's own — at most MAX_ATTRIBUTES.
 */
function scanSpanAttributes(value: unknown, pointer: string, resource: ResourceContext, traceId: string | undefined, spanId: string): SpanFacts {
  const facts: SpanFacts = { hasFaas: false, attributes: undefined };
  const attributes: Record<string, Scalar> = {};
  let n = 0;
  if (resource.serviceName !== undefined) (attributes["service.name"] = resource.serviceName), n++;
  if (traceId !== undefined) (attributes.trace_id = traceId), n++;
  attributes.span_id = spanId;
  n++;
  const pairs = list(value, pointer, "attributes");
  for (let i = 0; i < pairs.length; i++) {
    const kv = pairs[i];
    const key = kv.key;
    if (typeof key !== "string" || key === "") continue;
    const v = fastScalar(kv.value) ?? scalarValue(kv.value, `${pointer}/attributes/${i}/value`);
    if (v === undefined) continue;
    const asText = v === "" ? undefined : String(v);
    switch (key) {
      case "http.route": facts.route ??= asText; break;
      case "url.path": facts.urlPath ??= asText; break;
      case "http.target": facts.target ??= asText; break;
      case "url.full": case "http.url": facts.fullUrl ??= asText; break;
      case "http.request.method": facts.method ??= asText; break;
      case "http.method": facts.oldMethod ??= asText; break;
      case "http.response.status_code": facts.statusCode ??= numeric(v); break;
      case "http.status_code": facts.oldStatusCode ??= numeric(v); break;
      case "cloud.region": facts.region ??= asText; break;
      case "faas.name": facts.faasName ??= asText; break;
      case "faas.invoked_name": facts.invokedName ??= asText; break;
      case "faas.coldstart": facts.coldStart ??= v; break;
    }
    if (!facts.hasFaas && key.startsWith("faas.")) facts.hasFaas = true;
    if (n < MAX_ATTRIBUTES) {
      const k = key.length > MAX_ATTRIBUTE_KEY ? key.slice(0, MAX_ATTRIBUTE_KEY) : key;
      if (!(k in attributes)) (attributes[k] = v), n++;
    }
  }
  facts.attributes = attributes;
  return facts;
}

/** One span's events; what became of the span. */
function spanEvents(out: BatchBuilder, span: Tree, resource: ResourceContext, pointer: string): "stored" | "rejected" | "ignored" {
  const spanId = hexId(span.spanId);
  const traceId = hexId(span.traceId);
  if (!spanId) {
    out.reject({ index: out.batch.events.length + out.batch.rejected.length, errors: [{ pointer: `${pointer}/spanId`, message: "A span needs a non-zero spanId" }] });
    return "rejected";
  }
  const facts = scanSpanAttributes(span.attributes, pointer, resource, traceId, spanId);
  const status = object(span.status, pointer, "status");
  const failed = enumNumber(status?.code, STATUS_CODES) === STATUS_CODE_ERROR;
  const startNanos = int64(span.startTimeUnixNano);
  const endNanos = int64(span.endTimeUnixNano);
  const start = startNanos !== undefined && startNanos > 0 ? Math.round(startNanos / 1e6) : undefined;
  const end = endNanos !== undefined && endNanos > 0 ? Math.round(endNanos / 1e6) : undefined;
  // To the microsecond: both times as doubles carry up to 256 ns of rounding each.
  const durationMs = start === undefined ? 0 : Math.round(((endNanos ?? startNanos!) - startNanos!) / 1e3) / 1e3;
  const timestamp = start ?? end;
  const { attributes } = facts;
  const environment = resource.environment;
  const deploymentId = resource.deploymentId;
  const region = facts.region ?? resource.region;

  let kept = 0;
  let refused = false;
  const add = (candidate: Record<string, unknown>) => (out.add(candidate, pointer) ? kept++ : (refused = true));

  const urlPath = facts.urlPath ?? pathOf(facts.target ?? facts.fullUrl);
  const route = facts.route ?? urlPath;
  const statusCode = facts.statusCode ?? facts.oldStatusCode;
  const isServer = enumNumber(span.kind, SPAN_KINDS) === SPAN_KIND_SERVER;
  const isRequest = isServer && route !== undefined;
  const isInvocation = facts.hasFaas || (resource.faasName !== undefined && !hexId(span.parentSpanId));
  const functionName = isInvocation ? (facts.faasName ?? facts.invokedName ?? resource.faasName ?? text(span.name)) : undefined;
  // Candidates are written out field by field: an object spread here cost more than decoding the span.
  if (isRequest) {
    add({
      environment,
      deploymentId,
      timestamp,
      attributes,
      type: "request",
      id: spanId,
      method: clip(facts.method ?? facts.oldMethod ?? "_OTHER", 16),
      route: clip(route, 512),
      statusCode: statusCode ?? (failed ? 500 : 200),
      durationMs,
      path: urlPath === undefined ? undefined : clip(urlPath, 2048),
      region,
    });
  }
  if (isInvocation) {
    const coldStart = facts.coldStart;
    add({
      environment,
      deploymentId,
      timestamp,
      attributes,
      type: "invocation",
      id: spanId,
      functionName: clip(functionName ?? "function", 256),
      durationMs,
      status: failed ? "error" : "success",
      coldStart: coldStart === undefined ? undefined : coldStart === true || coldStart === "true",
      statusCode: statusCode !== undefined && statusCode >= 100 && statusCode <= 599 ? Math.trunc(statusCode) : undefined,
      region,
    });
  }

  let exceptions = 0;
  list(span.events, pointer, "events").forEach((event, e) => {
    if (event.name !== "exception" || exceptions >= MAX_EXCEPTIONS_PER_SPAN) return;
    exceptions++;
    const ex = attributeMap(event.attributes, `${pointer}/events/${e}/attributes`);
    const name = str(ex, "exception.type");
    const message = str(ex, "exception.message");
    add({
      environment,
      deploymentId,
      attributes,
      type: "error",
      // Unique per span and exception, so a retried export is recognised and the span's own id stays the request's.
      id: `${spanId}:exception:${e}`,
      timestamp: nanosToMillis(event.timeUnixNano) ?? timestamp,
      name: name === undefined ? (message === undefined ? "Error" : undefined) : clip(name, 256),
      message: message === undefined ? undefined : clip(message, MAX_MESSAGE),
      stack: clipOrUndefined(str(ex, "exception.stacktrace"), MAX_STACK),
      release: resource.release,
      route: isRequest ? clip(route, 512) : undefined,
      functionName: functionName === undefined ? undefined : clip(functionName, 256),
    });
  });

  if (refused) return "rejected";
  return kept > 0 ? "stored" : "ignored";
}

function clipOrUndefined(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : clip(value, max);
}

/** The path of a target or URL, without query or fragment. */
function pathOf(target: string | undefined): string | undefined {
  if (target === undefined) return undefined;
  let path = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || "/";
  path = path.split(/[?#]/, 1)[0];
  return path.startsWith("/") ? path : undefined;
}

/** OTLP severity numbers 1–24 in six ranges (TRACE, DEBUG, INFO, WARN, ERROR, FATAL). */
const SEVERITY_LEVELS = ["debug", "debug", "info", "warn", "error", "fatal"] as const;
const SEVERITY_TEXTS: Record<string, (typeof SEVERITY_LEVELS)[number]> = {
  trace: "debug",
  debug: "debug",
  info: "info",
  information: "info",
  notice: "info",
  warn: "warn",
  warning: "warn",
  error: "error",
  err: "error",
  fatal: "fatal",
  critical: "fatal",
  crit: "fatal",
  emergency: "fatal",
  alert: "fatal",
};

function logLevel(severityNumber: number, severityText: string | undefined): (typeof SEVERITY_LEVELS)[number] {
  if (severityNumber >= 1 && severityNumber <= 24) return SEVERITY_LEVELS[Math.floor((severityNumber - 1) / 4)];
  const word = severityText?.toLowerCase().replace(/\d+$/, "");
  return (word && SEVERITY_TEXTS[word]) || "info";
}

/** ExportLogsServiceRequest → log events. */
export function decodeOtlpLogs(body: unknown, receivedAt = new Date()): OtlpBatch {
  const root = object(body, "");
  const out = new BatchBuilder(receivedAt.getTime());
  list(root?.resourceLogs, "/resourceLogs").forEach((resourceLogs, r) => {
    const rp = `/resourceLogs/${r}`;
    const resource = resourceContext(object(resourceLogs.resource, `${rp}/resource`), `${rp}/resource`);
    list(resourceLogs.scopeLogs, `${rp}/scopeLogs`).forEach((scopeLogs, s) => {
      const lp = `${rp}/scopeLogs/${s}/logRecords`;
      list(scopeLogs.logRecords, lp).forEach((record, i) => {
        out.batch.received++;
        const pointer = `${lp}/${i}`;
        if (out.batch.received > MAX_ITEMS_PER_REQUEST) {
          out.batch.rejectedItems++;
          out.reject({ index: out.batch.events.length + out.batch.rejected.length, errors: [{ pointer, message: `More than ${MAX_ITEMS_PER_REQUEST} log records in one request` }] });
          return;
        }
        if (!out.add(logEvent(record, resource, pointer), pointer)) out.batch.rejectedItems++;
      });
    });
  });
  return out.finish("log records", "");
}

function logEvent(record: Tree, resource: ResourceContext, pointer: string): Record<string, unknown> {
  const attrs = attributeMap(record.attributes, pointer, "attributes");
  const body = plainValue(record.body, 0, `${pointer}/body`);
  const message = body === undefined || body === null ? (text(record.eventName) ?? "") : typeof body === "string" ? body : JSON.stringify(body);
  const traceId = hexId(record.traceId);
  const spanId = hexId(record.spanId);
  const severityNumber = enumNumber(record.severityNumber, {});
  const severityText = text(record.severityText);
  return {
    type: "log",
    id: logRecordId(record, resource, message, attrs, traceId, spanId),
    timestamp: nanosToMillis(record.timeUnixNano) ?? nanosToMillis(record.observedTimeUnixNano),
    environment: resource.environment,
    deploymentId: resource.deploymentId,
    // A hand-written JSON body may name the severity (SEVERITY_NUMBER_WARN) instead of numbering it.
    level: logLevel(severityNumber, severityText ?? (typeof record.severityNumber === "string" ? record.severityNumber.replace(/^SEVERITY_NUMBER_/, "") : undefined)),
    message: clip(message, MAX_MESSAGE),
    attributes: eventAttributes(
      [
        ["service.name", resource.serviceName],
        ["trace_id", traceId],
        ["span_id", spanId],
        ["severity_text", severityText === undefined ? undefined : clip(severityText, MAX_ATTRIBUTE_VALUE)],
      ],
      attrs,
    ),
  };
}

/**
 * A log record has no id of its own: its identity is what it says, when and where — so a
 * retried export maps each record to the same id, and two records differing in anything do not.
 */
function logRecordId(record: Tree, resource: ResourceContext, message: string, attrs: Map<string, Scalar>, traceId?: string, spanId?: string): string {
  const hash = createHash("sha256");
  for (const part of [
    resource.serviceName,
    resource.environment,
    String(int64(record.timeUnixNano) ?? ""),
    String(int64(record.observedTimeUnixNano) ?? ""),
    String(enumNumber(record.severityNumber, {})),
    text(record.severityText),
    traceId,
    spanId,
    message,
    JSON.stringify([...attrs]),
  ]) {
    hash.update(part ?? "");
    hash.update("\u0000");
  }
  return `log:${hash.digest("base64url").slice(0, 43)}`;
}
