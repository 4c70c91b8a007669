import { createHash, randomUUID } from "node:crypto";
import { ValidationError, zodToFieldErrors } from "@/lib/errors";
import type { DecodedBatch } from "../pipeline";
import { eventSchema } from "../schema";

/**
 * Sentry's envelope format (https://develop.sentry.dev/sdk/data-model/envelopes/), as the
 * official JavaScript SDKs send it, decoded to Vigil events:
 *
 * - `event` with exceptions (or a message) → `error` (the last exception value is the one
 *   thrown; frames outermost first as Sentry orders them; SDK `fingerprint` honoured);
 * - `transaction` → `request` (op `http.server` or HTTP data on the trace), `invocation`
 *   (other server ops), and its `measurements` lcp/fcp/cls/inp/ttfb → `vital`;
 * - `span` (v2 span streams, Sentry 11's default) → the same, for segment spans; web-vital
 *   child spans (`browser.web_vital.*.value`) → `vital`;
 * - `log` → `log`;
 * - anything else (`session`, `client_report`, `attachment`, …) → accepted and dropped.
 *
 * Everything here is pure: bytes in, events out. Structure that is wrong — a header that is
 * not JSON, a `length` that does not fit the body — is one 400 for the whole envelope, so a
 * malformed envelope stores nothing; an event that maps to nothing valid is rejected alone.
 */

export interface DecodedEnvelope {
  /** The id Sentry's answer carries: the envelope's or first event's `event_id`. */
  eventId: string;
  decoded: DecodedBatch;
}

/** Deeper JSON than this is refused before parsing: no SDK nests payloads so far, and walking it costs. */
const MAX_JSON_DEPTH = 64;
const MAX_ITEMS = 1_000;
const NEWLINE = 0x0a;

function invalid(pointer: string, message: string): ValidationError {
  return new ValidationError([{ pointer, message }], `Invalid Sentry envelope: ${message}.`);
}

/** Nesting depth of JSON text, counted outside strings, stopping once past the limit. */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const utf8 = new TextDecoder("utf-8");

function parseJson(bytes: Uint8Array | string, pointer: string): unknown {
  const text = typeof bytes === "string" ? bytes : utf8.decode(bytes);
  if (jsonDepthExceeds(text)) throw invalid(pointer, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(pointer, "not valid JSON");
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const cut = (v: string | undefined, max: number) => (v === undefined ? undefined : v.length > max ? v.slice(0, max) : v);

interface RawItem {
  header: Json;
  payload: Uint8Array;
  pointer: string;
}

/** Splits an envelope into its header and items; a `length` that does not fit is a 400. */
export function splitEnvelope(body: Uint8Array): { header: Json; items: RawItem[] } {
  let pos = 0;
  const line = (): Uint8Array => {
    const end = body.indexOf(NEWLINE, pos);
    const stop = end === -1 ? body.length : end;
    const bytes = body.subarray(pos, stop);
    pos = end === -1 ? body.length : end + 1;
    return bytes;
  };
  const headerLine = line();
  if (utf8.decode(headerLine).trim() === "") throw invalid("", "the body is empty; expected an envelope header line");
  const header = parseJson(headerLine, "/header");
  if (!isObject(header)) throw invalid("/header", "the envelope header must be a JSON object");
  const items: RawItem[] = [];
  while (pos < body.length) {
    const pointer = `/items/${items.length}`;
    const itemHeaderBytes = line();
    // Blank lines between items (a trailing newline after the last) carry nothing.
    if (itemHeaderBytes.length === 0 || utf8.decode(itemHeaderBytes).trim() === "") continue;
    if (items.length >= MAX_ITEMS) throw invalid(pointer, `more than ${MAX_ITEMS} items`);
    const itemHeader = parseJson(itemHeaderBytes, `${pointer}/header`);
    if (!isObject(itemHeader) || typeof itemHeader.type !== "string") throw invalid(`${pointer}/header`, "an item header must be a JSON object with a `type`");
    let payload: Uint8Array;
    if (itemHeader.length !== undefined) {
      const length = itemHeader.length;
      if (typeof length !== "number" || !Number.isInteger(length) || length < 0) throw invalid(`${pointer}/header/length`, "`length` must be a non-negative integer");
      if (pos + length > body.length) throw invalid(`${pointer}/header/length`, `\`length\` ${length} runs past the end of the body`);
      payload = body.subarray(pos, pos + length);
      pos += length;
      // The payload ends at a newline or at the end of the body; anything else means the length lied.
      if (pos < body.length) {
        if (body[pos] !== NEWLINE) throw invalid(`${pointer}/header/length`, `\`length\` ${length} does not end the item`);
        pos++;
      }
    } else {
      payload = line();
    }
    items.push({ header: itemHeader, payload, pointer });
  }
  if (items.length === 0) throw invalid("/items", "the envelope holds no items");
  return { header, items };
}

/** Seconds (Sentry's float timestamps) or an ISO string → epoch milliseconds. */
function timestampMs(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return Math.round(v * 1000);
  if (typeof v === "string") {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Tags and similar string maps → event attributes (API.md: ≤ 50, primitive values). */
function attributesOf(...sources: unknown[]): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {};
  let n = 0;
  for (const source of sources) {
    for (const [k, v] of Object.entries(obj(source))) {
      if (n >= 50) break;
      const value = typeof v === "string" ? v.slice(0, 1024) : typeof v === "boolean" ? v : num(v);
      if (value === undefined || k === "" || k.length > 128 || k in out) continue;
      out[k] = value;
      n++;
    }
  }
  return n > 0 ? out : undefined;
}

/** Span v2 attributes are `{ type, value }` pairs; plain values are accepted too. */
function attributeValue(attributes: Json, key: string): unknown {
  const v = attributes[key];
  return isObject(v) && "value" in v ? v.value : v;
}

const errorLevel = (v: unknown) => {
  switch (v) {
    case "fatal":
    case "error":
    case "info":
      return v;
    case "warning":
    case "warn":
      return "warning";
    case "debug":
    case "log":
      return "info";
    default:
      return undefined;
  }
};

function pathOf(url: unknown): string | undefined {
  const s = str(url);
  if (!s) return undefined;
  try {
    return new URL(s, "http://x").pathname;
  } catch {
    return undefined;
  }
}

/** `event` payload (or a legacy `/store/` body) → one `error` event candidate. */
export function errorFromSentryEvent(e: Json): Json | null {
  const values = obj(e.exception).values;
  const exceptions = Array.isArray(values) ? values.filter(isObject) : [];
  const thrown = exceptions.at(-1);
  const message = obj(e.logentry).formatted ?? obj(e.message).formatted ?? e.message ?? obj(e.logentry).message;
  if (!thrown && !str(message)) return null;
  const rawFrames = thrown ? obj(thrown.stacktrace).frames : undefined;
  const frames = Array.isArray(rawFrames)
    ? rawFrames
        .filter(isObject)
        .slice(-250)
        .map((f) => ({
          filename: cut(str(f.filename) ?? str(f.abs_path) ?? str(f.module), 1024),
          function: cut(str(f.function), 512),
          lineno: typeof f.lineno === "number" && Number.isInteger(f.lineno) && f.lineno >= 0 ? f.lineno : undefined,
          colno: typeof f.colno === "number" && Number.isInteger(f.colno) && f.colno >= 0 ? f.colno : undefined,
          inApp: typeof f.in_app === "boolean" ? f.in_app : undefined,
        }))
    : undefined;
  const fingerprint = Array.isArray(e.fingerprint) ? e.fingerprint.filter((f): f is string => typeof f === "string").slice(0, 20).map((f) => f.slice(0, 256)) : [];
  const request = obj(e.request);
  return {
    type: "error",
    id: cut(str(e.event_id), 128),
    timestamp: timestampMs(e.timestamp),
    environment: cut(str(e.environment), 64),
    name: cut(thrown ? str(thrown.type) : undefined, 256),
    message: cut(thrown ? (str(thrown.value) ?? (str(thrown.type) ? undefined : str(message))) : str(message), 16 * 1024),
    frames: frames?.length ? frames : undefined,
    level: errorLevel(e.level) ?? "error",
    fingerprint: fingerprint.length ? fingerprint : undefined,
    release: cut(str(e.release), 128),
    route: cut(str(e.transaction) ?? pathOf(request.url), 512),
    userId: cut(str(obj(e.user).id) ?? (typeof obj(e.user).id === "number" ? String(obj(e.user).id) : undefined), 256),
    attributes: attributesOf(e.tags, request.url ? { url: String(request.url) } : undefined, e.server_name ? { server_name: e.server_name } : undefined),
  };
}

/** Sentry span status → an HTTP status when nothing better is known. */
const STATUS_FROM_SPAN: Record<string, number> = {
  ok: 200,
  cancelled: 499,
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  resource_exhausted: 429,
  failed_precondition: 400,
  unimplemented: 501,
  unavailable: 503,
  deadline_exceeded: 504,
  internal_error: 500,
  unknown_error: 500,
  error: 500,
};

const VITALS: Record<string, string> = { lcp: "LCP", fcp: "FCP", cls: "CLS", inp: "INP", ttfb: "TTFB" };
const BROWSER_OPS = /^(pageload|navigation|ui\.|browser)/;
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)\s+(\S.*)$/i;

/** What a root span (a transaction, or a segment span) says, whichever format carried it. */
interface RootSpan {
  id?: string;
  name?: string;
  op?: string;
  status?: string;
  startMs?: number;
  endMs?: number;
  environment?: string;
  release?: string;
  method?: string;
  route?: string;
  path?: string;
  statusCode?: number;
  measurements: Json;
  attributes?: Record<string, string | number | boolean>;
}

/** A root span → `request` (HTTP server), `invocation` (other server work) and `vital` candidates. */
function eventsFromRootSpan(s: RootSpan): Json[] {
  const out: Json[] = [];
  const durationMs = s.startMs !== undefined && s.endMs !== undefined ? Math.max(0, s.endMs - s.startMs) : undefined;
  const common = { timestamp: s.startMs !== undefined ? Math.round(s.startMs) : undefined, environment: cut(s.environment, 64), attributes: s.attributes };
  const named = s.name ? HTTP_METHOD.exec(s.name) : null;
  const browser = s.op !== undefined && BROWSER_OPS.test(s.op);
  const method = s.method ?? named?.[1];
  if (!browser && (s.op?.startsWith("http.server") || s.method !== undefined || s.statusCode !== undefined)) {
    out.push({
      ...common,
      type: "request",
      id: s.id,
      method: cut(method ?? "GET", 16),
      route: cut(s.route ?? named?.[2] ?? s.path ?? s.name ?? "/", 512),
      path: cut(s.path, 2048),
      statusCode: s.statusCode ?? STATUS_FROM_SPAN[s.status ?? "ok"] ?? 500,
      durationMs,
    });
  } else if (!browser && s.name) {
    out.push({
      ...common,
      type: "invocation",
      id: s.id,
      functionName: cut(s.name, 256),
      durationMs,
      status: s.status === undefined || s.status === "ok" ? "success" : s.status === "deadline_exceeded" ? "timeout" : "error",
    });
  }
  for (const [key, raw] of Object.entries(s.measurements)) {
    const name = VITALS[key.toLowerCase()];
    const value = num(obj(raw).value) ?? num(raw);
    if (!name || value === undefined) continue;
    out.push({ ...common, type: "vital", id: s.id ? `${s.id}:${key}` : undefined, name, value, route: cut(s.route ?? s.path ?? s.name ?? "/", 512) });
  }
  return out;
}

function fromTransaction(t: Json): Json[] {
  const trace = obj(obj(t.contexts).trace);
  const data = obj(trace.data);
  const request = obj(t.request);
  const response = obj(obj(t.contexts).response);
  const statusCode = num(data["http.response.status_code"]) ?? num(response.status_code) ?? num(Number(obj(t.tags)["http.status_code"]) || undefined);
  return eventsFromRootSpan({
    id: cut(str(t.event_id) ?? str(trace.span_id), 128),
    name: str(t.transaction),
    op: str(trace.op),
    status: str(trace.status),
    startMs: timestampMs(t.start_timestamp),
    endMs: timestampMs(t.timestamp),
    environment: str(t.environment),
    release: str(t.release),
    method: str(request.method) ?? str(data["http.request.method"]) ?? str(data["http.method"]),
    route: str(data["http.route"]),
    path: pathOf(request.url) ?? str(data["url.path"]) ?? pathOf(data.url),
    statusCode,
    measurements: obj(t.measurements),
    attributes: attributesOf(t.tags),
  });
}

function fromSegmentSpan(span: Json): Json[] {
  const a = obj(span.attributes);
  const at = (k: string) => attributeValue(a, k);
  const measurements: Json = {};
  for (const key of Object.keys(VITALS)) {
    const v = num(at(`browser.web_vital.${key}.value`)) ?? num(at(`sentry.measurement.${key}`));
    if (v !== undefined) measurements[key] = v;
  }
  return eventsFromRootSpan({
    id: cut(str(span.span_id), 128),
    name: str(span.name),
    op: str(at("sentry.op")),
    status: str(span.status),
    startMs: timestampMs(span.start_timestamp),
    endMs: timestampMs(span.end_timestamp),
    environment: str(at("sentry.environment")),
    release: str(at("sentry.release")),
    method: str(at("http.request.method")) ?? str(at("http.method")),
    route: str(at("http.route")),
    path: str(at("url.path")) ?? pathOf(at("url.full")) ?? pathOf(at("http.url")),
    statusCode: num(at("http.response.status_code")) ?? num(at("http.status_code")),
    measurements,
  });
}

/**
 * With streamed spans the browser SDK puts TTFB and FCP on the pageload span, but sends
 * LCP, CLS and INP as spans of their own (`browser.web_vital.<name>.value`), named after
 * the page in `sentry.segment.name`.
 */
function vitalsFromChildSpan(span: Json): Json[] {
  const a = obj(span.attributes);
  const at = (k: string) => attributeValue(a, k);
  const out: Json[] = [];
  for (const [key, name] of Object.entries(VITALS)) {
    const value = num(at(`browser.web_vital.${key}.value`));
    if (value === undefined) continue;
    const route = str(at("sentry.segment.name")) ?? str(at("sentry.transaction")) ?? str(span.name) ?? "/";
    const id = str(span.span_id);
    out.push({ type: "vital", id: id ? cut(`${id}:${key}`, 128) : undefined, timestamp: timestampMs(span.start_timestamp), environment: cut(str(at("sentry.environment")), 64), name, value, route: cut(route, 512) });
  }
  return out;
}

const LOG_LEVELS: Record<string, string> = { trace: "debug", debug: "debug", info: "info", warn: "warn", warning: "warn", error: "error", fatal: "fatal" };

function fromLog(l: Json, identity: string): Json {
  const a = obj(l.attributes);
  const attributes: Record<string, string | number | boolean> = {};
  let n = 0;
  for (const key of Object.keys(a)) {
    if (n >= 50) break;
    const v = attributeValue(a, key);
    if (key.length > 128 || (typeof v !== "string" && typeof v !== "boolean" && num(v) === undefined)) continue;
    attributes[key] = typeof v === "string" ? v.slice(0, 1024) : (v as number | boolean);
    n++;
  }
  if (str(l.trace_id) && n < 50) attributes.trace_id = String(l.trace_id).slice(0, 1024);
  const body = typeof l.body === "string" ? l.body : JSON.stringify(l.body ?? "");
  return {
    type: "log",
    // Logs carry no id: a digest of what identifies one makes a retried envelope a duplicate.
    id: createHash("sha256").update(identity).update(String(l.timestamp)).update(body).digest("hex").slice(0, 32),
    timestamp: timestampMs(l.timestamp),
    environment: cut(str(attributeValue(a, "sentry.environment")), 64),
    level: LOG_LEVELS[String(l.level).toLowerCase()] ?? "info",
    message: cut(body, 16 * 1024),
    attributes: n > 0 || attributes.trace_id ? attributes : undefined,
  };
}

/** Sentry items of one of these types are stored; every other type is accepted and dropped. */
function candidatesOf(type: string, payload: Json, pointer: string): Array<{ pointer: string; raw: Json }> {
  switch (type) {
    case "event": {
      const error = errorFromSentryEvent(payload);
      return error ? [{ pointer, raw: error }] : [];
    }
    case "transaction":
      return fromTransaction(payload).map((raw) => ({ pointer, raw }));
    case "span": {
      const spans = Array.isArray(payload.items) ? payload.items : [payload];
      return spans.flatMap((span, j) => {
        const s = obj(span);
        // Child spans are detail of their segment: the segment is the request or invocation.
        const segment = s.is_segment === true || (s.is_segment === undefined && !str(s.parent_span_id));
        const events = segment ? fromSegmentSpan(s) : vitalsFromChildSpan(s);
        return events.map((raw) => ({ pointer: `${pointer}/items/${j}`, raw }));
      });
    }
    case "log": {
      const logs = Array.isArray(payload.items) ? payload.items : [];
      return logs.map((l, j) => ({ pointer: `${pointer}/items/${j}`, raw: fromLog(obj(l), `${pointer}/${j}`) }));
    }
    default:
      return [];
  }
}

const STORED_TYPES = new Set(["event", "transaction", "span", "log"]);

function collect(candidates: Array<{ pointer: string; raw: Json }>, decoded: DecodedBatch): void {
  for (const { pointer, raw } of candidates) {
    const index = decoded.events.length + decoded.rejected.length;
    const parsed = eventSchema.safeParse(raw);
    if (parsed.success) decoded.events.push({ index, pointer, event: parsed.data });
    else decoded.rejected.push({ index, errors: zodToFieldErrors(parsed.error).map((e) => ({ ...e, pointer: `${pointer}${e.pointer === "/" ? "" : e.pointer}` })) });
  }
}

/** An envelope body → events for the pipeline (possibly none: sessions and reports only). */
export function decodeSentryEnvelope(body: Uint8Array): DecodedEnvelope {
  const { header, items } = splitEnvelope(body);
  const decoded: DecodedBatch = { events: [], rejected: [] };
  let eventId = str(header.event_id);
  for (const item of items) {
    const type = item.header.type as string;
    if (!STORED_TYPES.has(type)) continue;
    const payload = parseJson(item.payload, item.pointer);
    if (!isObject(payload)) throw invalid(item.pointer, `a \`${type}\` item must be a JSON object`);
    eventId ??= str(payload.event_id);
    collect(candidatesOf(type, payload, item.pointer), decoded);
  }
  return { eventId: normalizeEventId(eventId), decoded };
}

/** The legacy `/store/` body: one event as JSON. */
export function decodeSentryStoreBody(body: Uint8Array): DecodedEnvelope {
  if (utf8.decode(body.subarray(0, 64)).trim() === "") throw invalid("", "the body is empty");
  const payload = parseJson(body, "");
  if (!isObject(payload)) throw invalid("", "the body must be a Sentry event (a JSON object)");
  const decoded: DecodedBatch = { events: [], rejected: [] };
  collect(candidatesOf(payload.type === "transaction" ? "transaction" : "event", payload, ""), decoded);
  return { eventId: normalizeEventId(str(payload.event_id)), decoded };
}

/** Sentry answers a 32-hex-character id; one is made when the SDK sent none. */
function normalizeEventId(id: string | undefined): string {
  return id && /^[0-9a-f-]{32,36}$/i.test(id) ? id.replace(/-/g, "").toLowerCase() : randomUUID().replace(/-/g, "");
}
