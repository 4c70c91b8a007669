import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { decodeOtlpLogs, decodeOtlpTraces, encodeOtlpAnswer, parseOtlpBody } from "./otlp";

const now = new Date("2026-12-01T12:00:00Z");
const nanos = (ms: number) => `${ms}000000`;
const s = (v: string) => ({ stringValue: v });

function traces(spans: object[], resource: object[] = []) {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] };
}
function span(extra: Record<string, unknown>) {
  return { spanId: "00f067aa0ba902b7", traceId: "4bf92f3577b34da6a3ce929d0e0e4736", startTimeUnixNano: nanos(now.getTime() - 100), endTimeUnixNano: nanos(now.getTime() - 58), ...extra };
}

describe("decodeOtlpTraces", () => {
  it.each([
    ["new HTTP names", [["http.request.method", s("post")], ["http.route", s("/api/x/[id]")], ["url.path", s("/api/x/1")], ["http.response.status_code", { intValue: "404" }]], { method: "POST", route: "/api/x/[id]", path: "/api/x/1", statusCode: 404 }],
    ["old HTTP names", [["http.method", s("GET")], ["http.target", s("/a?b=1")], ["http.status_code", { intValue: 201 }]], { method: "GET", route: "/a", path: "/a", statusCode: 201 }],
    ["a full URL only", [["url.full", s("https://x.test/p/q?z")]], { method: "_OTHER", route: "/p/q", path: "/p/q", statusCode: 200 }],
  ])("a SERVER span with %s is a request", (_name, attrs, expected) => {
    const batch = decodeOtlpTraces(traces([span({ kind: 2, attributes: attrs.map(([key, value]) => ({ key, value })) })]), now);
    expect(batch.events).toHaveLength(1);
    expect(batch.events[0].event).toMatchObject({ type: "request", id: "00f067aa0ba902b7", durationMs: 42, timestamp: now.getTime() - 100, ...expected });
  });

  it("status ERROR without a code is a 500 request; without exception events no error event", () => {
    const batch = decodeOtlpTraces(traces([span({ kind: "SPAN_KIND_SERVER", status: { code: 2 }, attributes: [{ key: "http.route", value: s("/r") }] })]), now);
    expect(batch.events.map((e) => e.event)).toMatchObject([{ type: "request", statusCode: 500 }]);
  });

  it("resource attributes: environment, release, deployment; FaaS under a faas.name resource; exceptions as errors", () => {
    const batch = decodeOtlpTraces(
      traces(
        [
          span({
            kind: 1,
            status: { code: 2 },
            attributes: [{ key: "faas.coldstart", value: { boolValue: true } }],
            events: [{ name: "exception", timeUnixNano: nanos(now.getTime() - 70), attributes: [{ key: "exception.type", value: s("Error") }, { key: "exception.message", value: s("boom") }, { key: "exception.stacktrace", value: s("Error: boom\n    at f (/a.js:1:1)") }] }],
          }),
        ],
        [{ key: "deployment.environment", value: s("preview") }, { key: "service.version", value: s("v9") }, { key: "vercel.deployment_id", value: s("dpl_1") }, { key: "faas.name", value: s("api/pay") }],
      ),
      now,
    );
    expect(batch.events.map((e) => e.event)).toMatchObject([
      { type: "invocation", functionName: "api/pay", status: "error", coldStart: true, environment: "preview", deploymentId: "dpl_1" },
      { type: "error", id: "00f067aa0ba902b7:exception:0", name: "Error", message: "boom", release: "v9", functionName: "api/pay", timestamp: now.getTime() - 70 },
    ]);
  });

  it("other spans are accepted, counted and not stored; spans without an id or out of time are rejected", () => {
    const batch = decodeOtlpTraces(traces([span({ kind: 3 }), span({ kind: 2, spanId: "0000000000000000", attributes: [{ key: "http.route", value: s("/") }] }), span({ kind: 2, startTimeUnixNano: "1", attributes: [{ key: "http.route", value: s("/") }] })]), now);
    expect(batch).toMatchObject({ received: 3, ignoredSpans: 1, rejectedItems: 2, events: [] });
    expect(batch.message).toMatch(/2 of 3 spans rejected .*spanId.*spans\/2: .*1 of 3 spans accepted but not stored/);
    expect(encodeOtlpAnswer("traces", "json", batch).body).toContain('"rejectedSpans":2');
  });

  it("bounds: a deep AnyValue is a 400; attributes are cut to 50, values to 1,024 characters", () => {
    let deep: object = s("x");
    for (let i = 0; i < 40; i++) deep = { arrayValue: { values: [deep] } };
    expect(() => decodeOtlpTraces(traces([span({ attributes: [{ key: "d", value: deep }] })]), now)).toThrow(ValidationError);
    const many = Array.from({ length: 80 }, (_, i) => ({ key: `k${i}`, value: s("v".repeat(5000)) }));
    const batch = decodeOtlpTraces(traces([span({ kind: 2, attributes: [{ key: "http.route", value: s("/") }, ...many] })]), now);
    const attributes = batch.events[0].event.attributes!;
    expect(Object.keys(attributes)).toHaveLength(50);
    expect(String(attributes.k0)).toHaveLength(1024);
  });

  it("a wrong shape is a 400 with a pointer", () => {
    expect(() => decodeOtlpTraces({ resourceSpans: [{ scopeSpans: "x" }] }, now)).toThrow(/scopeSpans/);
    expect(() => parseOtlpBody("traces", "json", new TextEncoder().encode("{"))).toThrow(ValidationError);
  });
});

describe("decodeOtlpLogs", () => {
  it.each([
    [1, undefined, "debug"], [5, undefined, "debug"], [9, undefined, "info"], [14, undefined, "warn"], [17, undefined, "error"], [24, undefined, "fatal"],
    [0, "WARNING", "warn"], [0, "critical", "fatal"], [0, "Error2", "error"], [0, undefined, "info"], ["SEVERITY_NUMBER_ERROR", undefined, "error"],
  ])("severity %s / %s → %s", (severityNumber, severityText, level) => {
    const batch = decodeOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber, severityText, body: s("m"), timeUnixNano: nanos(now.getTime() - 5) }] }] }] }, now);
    expect(batch.events[0].event).toMatchObject({ type: "log", level, message: "m" });
  });

  it("the same record always has the same id; another record another", () => {
    const record = (body: string) => ({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: s(body), timeUnixNano: nanos(now.getTime() - 5), spanId: "00f067aa0ba902b7" }] }] }] });
    const id = (body: string) => decodeOtlpLogs(record(body), now).events[0].event.id;
    expect(id("a")).toBe(id("a"));
    expect(id("a")).not.toBe(id("b"));
    expect(decodeOtlpLogs(record("a"), now).events[0].event.attributes).toMatchObject({ span_id: "00f067aa0ba902b7" });
  });
});
