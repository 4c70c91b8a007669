import { describe, expect, it } from "vitest";
import { decodeSentryEnvelope, jsonDepthExceeds, splitEnvelope } from "./sentry";

const enc = (s: string) => new TextEncoder().encode(s);
const lines = (...l: unknown[]) => enc(l.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n"));

describe("splitEnvelope", () => {
  it.each([
    ["length fits, newline after", lines({}, { type: "event", length: 2 }, "{}"), 1],
    ["length fits, more items follow", lines({}, { type: "attachment", length: 3 }, "a\nb", { type: "session" }, "{}"), 2],
    ["no length: up to the newline", lines({}, { type: "event" }, "{}", { type: "event" }, "{}"), 2],
    ["trailing newline", enc('{}\n{"type":"event"}\n{}\n'), 1],
    ["multi-byte payload measured in bytes", lines({}, { type: "event", length: Buffer.byteLength('{"m":"é"}') }, '{"m":"é"}'), 1],
  ])("%s", (_name, body, items) => {
    expect(splitEnvelope(body).items).toHaveLength(items);
  });

  it.each([
    ["length past the end", lines({}, { type: "event", length: 50 }, "{}")],
    ["length short of the item", lines({}, { type: "event", length: 1 }, "{}")],
    ["negative length", lines({}, { type: "event", length: -1 }, "{}")],
    ["header not JSON", enc("nope\n{}")],
    ["item without type", lines({}, { length: 2 }, "{}")],
    ["no items", lines({})],
    ["empty", enc("")],
  ])("refuses %s", (_name, body) => {
    expect(() => splitEnvelope(body)).toThrow(/Invalid Sentry envelope/);
  });
});

it("jsonDepthExceeds counts nesting outside strings only", () => {
  expect(jsonDepthExceeds("[".repeat(65) + "]".repeat(65))).toBe(true);
  expect(jsonDepthExceeds("[".repeat(64) + "]".repeat(64))).toBe(false);
  expect(jsonDepthExceeds(JSON.stringify({ s: "[[[[[[".repeat(100) + '\\"' }))).toBe(false);
});

describe("decodeSentryEnvelope mapping", () => {
  const now = Date.now() / 1000;
  const one = (type: string, payload: unknown) => decodeSentryEnvelope(lines({}, { type }, payload)).decoded.events.map((e) => e.event);

  it.each([
    ["http.server transaction → request", { transaction: "GET /api/a", start_timestamp: now - 1, timestamp: now, contexts: { trace: { op: "http.server", status: "not_found" } } }, { type: "request", method: "GET", route: "/api/a", statusCode: 404, durationMs: 1000 }],
    ["other server op → invocation", { transaction: "job", start_timestamp: now - 0.5, timestamp: now, contexts: { trace: { op: "queue.process", status: "deadline_exceeded" } } }, { type: "invocation", functionName: "job", status: "timeout", durationMs: 500 }],
  ])("%s", (_name, payload, expected) => {
    expect(one("transaction", payload)).toEqual([expect.objectContaining(expected)]);
  });

  it("keeps the thrown exception's frames in Sentry's order and the SDK fingerprint", () => {
    const [e] = one("event", {
      event_id: "f".repeat(32),
      exception: { values: [{ type: "Cause", value: "inner" }, { type: "TypeError", value: "outer", stacktrace: { frames: [{ function: "main", in_app: false }, { function: "pay", filename: "app.js", lineno: 3, colno: 1, in_app: true }] } }] },
      fingerprint: ["{{ default }}", "pay"],
      level: "warning",
      user: { id: 42 },
    });
    expect(e).toMatchObject({ type: "error", id: "f".repeat(32), name: "TypeError", message: "outer", level: "warning", fingerprint: ["{{ default }}", "pay"], userId: "42" });
    expect((e as { frames: unknown[] }).frames).toEqual([
      { function: "main", inApp: false },
      { function: "pay", filename: "app.js", lineno: 3, colno: 1, inApp: true },
    ]);
  });

  it("streamed browser spans: TTFB and FCP on the pageload segment, LCP and CLS as child spans of their own", () => {
    const attr = (value: unknown) => ({ value, type: typeof value === "number" ? "double" : "string" });
    const events = one("span", {
      version: 2,
      items: [
        { span_id: "1".repeat(16), name: "/shop", is_segment: true, start_timestamp: now - 1, end_timestamp: now, attributes: { "sentry.op": attr("pageload"), "browser.web_vital.ttfb.value": attr(120), "browser.web_vital.fcp.value": attr(800) } },
        { span_id: "2".repeat(16), parent_span_id: "1".repeat(16), name: "largest contentful paint", is_segment: false, start_timestamp: now, attributes: { "browser.web_vital.lcp.value": attr(1900), "sentry.segment.name": attr("/shop") } },
        { span_id: "3".repeat(16), parent_span_id: "1".repeat(16), name: "db", is_segment: false, start_timestamp: now, attributes: {} },
      ],
    });
    expect(events.map((e) => (e.type === "vital" ? `${e.name}=${e.value}@${e.route}` : e.type)).sort()).toEqual(["FCP=800@/shop", "LCP=1900@/shop", "TTFB=120@/shop"]);
  });

  it("drops sessions, reports and attachments without reading them", () => {
    const out = decodeSentryEnvelope(lines({ event_id: "a".repeat(32) }, { type: "session" }, "not even json", { type: "client_report" }, "{}"));
    expect(out).toEqual({ eventId: "a".repeat(32), decoded: { events: [], rejected: [] } });
  });
});
