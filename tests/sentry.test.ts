import { gzipSync, brotliCompressSync, deflateSync } from "node:zlib";
import * as Sentry from "@sentry/node";
import { createEnvelope, serializeEnvelope } from "@sentry/core";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import * as issueRoute from "@/app/api/v1/projects/[projectId]/issues/[issueId]/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import * as logsRoute from "@/app/api/v1/projects/[projectId]/logs/route";
import * as vitalsRoute from "@/app/api/v1/projects/[projectId]/vitals/route";
import * as dsnRoute from "@/app/api/v1/projects/[projectId]/sentry-dsn/route";
import * as rotateRoute from "@/app/api/v1/projects/[projectId]/sentry-dsn/rotate/route";
import * as envelopeRoute from "@/app/api/[projectRef]/envelope/route";
import * as ingestRoute from "@/app/api/v1/ingest/route";
import { errorEvents, invocations, logs, requests, vitals } from "@/lib/db/schema";
import { foldRollups } from "@/lib/ingest/ingest";
import type { Db } from "@/lib/db/client";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, createUser, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";
import { send, useNativeServer } from "./support/native-server";
import { createOrg, createProject } from "./support/factories";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openPglite, openPostgres } from "@/lib/db/client";
import { projectForSentryKey } from "@/lib/api-keys/sentry-dsn";
import { acceptEvents } from "@/lib/ingest/pipeline";
import { decodeSentryEnvelope } from "@/lib/ingest/formats/sentry";
import { problemOf } from "@/lib/http/errors";
import { createRandom } from "@/lib/sample-data/random";
import { testDatabaseUrl } from "./support/db";
import { withLogs } from "./support/logs";

/**
 * The Sentry SDKs as ingest clients (API.md, "Compatibility ingest"): the real @sentry/node
 * sends to a running front door of `npm start` with the project's DSN, and what it sent is
 * read back through the read API like a user would see it.
 */
const db = useTestDatabase();
const origin = useNativeServer();

async function tenantWithDsn() {
  const tenant = await createTenant(db());
  const cookie = await sessionCookie(tenant.user);
  const res = await call(dsnRoute.GET, { path: `/api/v1/projects/${tenant.project.id}/sentry-dsn`, params: { projectId: tenant.project.id }, headers: { cookie } });
  expect(res.status).toBe(200);
  const dsn = (await res.json()) as { dsn: string; projectRef: number; publicKey: string };
  const read = await createApiKey(db(), tenant, ["read"]);
  // The DSN as the SDK sees it, pointed at this test's server.
  const local = `http://${dsn.publicKey}@${new URL(origin()).host}/${dsn.projectRef}`;
  return { ...tenant, cookie, ...dsn, local, read };
}

type Tenant = Awaited<ReturnType<typeof tenantWithDsn>>;

const readApi = (t: Tenant, route: { GET: unknown }, query = "") =>
  call(route.GET as Parameters<typeof call>[0], { path: `/x${query}`, params: { projectId: t.project.id }, headers: bearer(t.read) }).then((r) => r.json());

/** Sentry's own HTTP tracing would trace this process's Vigil server too (and report its own envelopes). */
const withoutHttpTracing = (integrations: { name: string }[]) => integrations.filter((i) => !["Http", "NodeFetch"].includes(i.name));

function throwCheckoutError(): never {
  throw new TypeError("card declined for order 42");
}

async function count(database: Db, table: typeof errorEvents | typeof logs | typeof requests | typeof invocations | typeof vitals, projectId: string) {
  const [row] = await database.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.projectId, projectId));
  return row.n;
}

async function stored(t: { project: { id: string } }) {
  const tables = [errorEvents, logs, requests, invocations, vitals] as const;
  let total = 0;
  for (const table of tables) total += await count(db(), table, t.project.id);
  return total;
}

afterAll(async () => {
  await Sentry.close(2000);
});

describe("Sentry SDK → Vigil", () => {
  it("@sentry/node with traceLifecycle static: an exception, a message, logs and transactions land as issues, requests, functions and logs", async () => {
    const t = await tenantWithDsn();
    expect(t.dsn).toMatch(/^http:\/\/[0-9a-f]{32}@[^/]+\/\d{6,9}$/);
    Sentry.init({
      dsn: t.local,
      release: "shop@1.2.3",
      environment: "staging",
      tracesSampleRate: 1,
      traceLifecycle: "static",
      enableLogs: true,
      integrations: withoutHttpTracing,
    } as Sentry.NodeOptions & { enableLogs: boolean });
    try {
      throwCheckoutError();
    } catch (err) {
      Sentry.captureException(err);
    }
    Sentry.captureMessage("inventory low for sku 7", "warning");
    Sentry.logger.info("order placed", { orderId: 42 });
    Sentry.logger.error("payment provider timeout");
    await Sentry.startSpan(
      { name: "GET /api/orders/[id]", op: "http.server", attributes: { "http.request.method": "GET", "http.route": "/api/orders/[id]", "http.response.status_code": 201 } },
      () => Sentry.startSpan({ name: "select order", op: "db" }, () => new Promise((r) => setTimeout(r, 5))),
    );
    await Sentry.startSpan({ name: "sendReceipt", op: "function" }, () => new Promise((r) => setTimeout(r, 3)));
    expect(await Sentry.flush(5000)).toBe(true);
    await foldRollups(db(), t.project.id);

    const issues = await readApi(t, issuesRoute);
    const titles = issues.data.map((i: { title: string }) => i.title);
    expect(titles).toContain("TypeError: card declined for order 42");
    expect(titles.some((title: string) => title.includes("inventory low for sku 7"))).toBe(true);
    const typeError = issues.data.find((i: { title: string }) => i.title.startsWith("TypeError"));
    expect(typeError.culprit).toContain("throwCheckoutError");
    const detail = await (await call(issueRoute.GET, { path: "/", params: { projectId: t.project.id, issueId: typeError.id }, headers: bearer(t.read) })).json();
    const event = detail.latestEvents[0];
    expect(event).toMatchObject({ name: "TypeError", message: "card declined for order 42", release: "shop@1.2.3", environment: "staging" });
    const frames = event.frames as { function?: string; filename?: string; inApp?: boolean; lineno?: number }[];
    const thrower = frames.find((f) => f.function === "throwCheckoutError");
    expect(thrower).toMatchObject({ inApp: true, filename: expect.stringContaining("sentry.test.ts"), lineno: expect.any(Number) });
    expect(detail.tags.release).toEqual([{ value: "shop@1.2.3", count: 1 }]);
    // The exception and the message both carry the SDK's release.
    expect((await readApi(t, issuesRoute, "?release=shop@1.2.3")).data).toHaveLength(2);
    expect((await readApi(t, issuesRoute, "?release=shop@9.9.9")).data).toHaveLength(0);

    const reqs = await readApi(t, requestsRoute);
    expect(reqs.data).toEqual([expect.objectContaining({ method: "GET", route: "/api/orders/[id]", count: 1 })]);
    const fns = await readApi(t, functionsRoute);
    expect(fns.data.map((f: { functionName: string }) => f.functionName)).toEqual(["sendReceipt"]);

    const logList = await readApi(t, logsRoute);
    const lines = logList.data.map((l: { message: string; level: string }) => `${l.level} ${l.message}`);
    expect(lines).toEqual(expect.arrayContaining(["info order placed", "error payment provider timeout"]));
  });

  it("@sentry/node's default streamed spans (span v2 items) land as a request and a function", async () => {
    await Sentry.close(2000);
    const t = await tenantWithDsn();
    Sentry.init({ dsn: t.local, release: "shop@2.0.0", environment: "production", tracesSampleRate: 1, integrations: withoutHttpTracing });
    await Sentry.startSpan(
      { name: "POST /api/cart", op: "http.server", attributes: { "http.request.method": "POST", "http.route": "/api/cart", "http.response.status_code": 503 } },
      () => Sentry.startSpan({ name: "insert", op: "db" }, () => new Promise((r) => setTimeout(r, 5))),
    );
    await Sentry.startSpan({ name: "nightlyReport", op: "function" }, () => new Promise((r) => setTimeout(r, 3)));
    expect(await Sentry.flush(5000)).toBe(true);
    await foldRollups(db(), t.project.id);
    const reqs = await readApi(t, requestsRoute);
    expect(reqs.data).toEqual([expect.objectContaining({ method: "POST", route: "/api/cart", count: 1, rate5xx: 1 })]);
    const fns = await readApi(t, functionsRoute);
    expect(fns.data.map((f: { functionName: string }) => f.functionName)).toEqual(["nightlyReport"]);
    // Child spans are detail of their segment, not requests or functions of their own.
    expect(await count(db(), invocations, t.project.id)).toBe(1);
    await Sentry.close(2000);
  });

  it("@sentry/browser (run under Node, its transport recording): a pageload with Web Vitals measurements lands as vitals", async () => {
    const t = await tenantWithDsn();
    const Browser = await import("@sentry/browser");
    const recorded: (string | Uint8Array)[] = [];
    Browser.init({
      dsn: t.local,
      release: "web@1.0.0",
      tracesSampleRate: 1,
      traceLifecycle: "static",
      integrations: [],
      // The browser's fetch transport, minus the network: the envelope is posted below as a browser would.
      transport: (options) => Browser.createTransport(options, async (request) => (recorded.push(request.body), { statusCode: 200 })),
    });
    // In a browser, browserTracingIntegration's web-vitals listeners set these on the pageload.
    await Browser.startSpan({ name: "/cart", op: "pageload", forceTransaction: true }, async () => {
      Browser.setMeasurement("lcp", 2600, "millisecond");
      Browser.setMeasurement("fcp", 1200, "millisecond");
      Browser.setMeasurement("cls", 0.12, "");
      Browser.setMeasurement("ttfb", 300, "millisecond");
      await new Promise((r) => setTimeout(r, 5));
    });
    await Browser.flush(2000);
    await Browser.close();
    expect(recorded).toHaveLength(1);
    const res = await send(`${origin()}/api/${t.projectRef}/envelope/?sentry_key=${t.publicKey}&sentry_version=7&sentry_client=sentry.javascript.browser%2F11.5.0`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://shop.example" },
      body: recorded[0],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    await foldRollups(db(), t.project.id);
    const body = await readApi(t, vitalsRoute, "?range=1h");
    const counted = body.summary.filter((s: { count: number }) => s.count > 0);
    expect(counted.map((s: { name: string; count: number }) => `${s.name}:${s.count}`).sort()).toEqual(["CLS:1", "FCP:1", "LCP:1", "TTFB:1"]);
    expect(body.data.map((r: { route: string }) => r.route)).toEqual(["/cart"]);
  });

  it("a browser pageload envelope with Web Vitals measurements lands as vitals (text/plain, X-Sentry-Auth, CORS)", async () => {
    const t = await tenantWithDsn();
    const now = Date.now() / 1000;
    const envelope = createEnvelope({ event_id: "a".repeat(32), sent_at: new Date().toISOString(), sdk: { name: "sentry.javascript.browser", version: "11.5.0" } }, [
      [
        { type: "transaction" },
        {
          type: "transaction",
          event_id: "a".repeat(32),
          transaction: "/checkout",
          start_timestamp: now - 2,
          timestamp: now - 1,
          contexts: { trace: { op: "pageload", trace_id: "b".repeat(32), span_id: "c".repeat(16) } },
          measurements: { lcp: { value: 2100, unit: "millisecond" }, fcp: { value: 900, unit: "millisecond" }, cls: { value: 0.05, unit: "" }, ttfb: { value: 180, unit: "millisecond" }, inp: { value: 120, unit: "millisecond" }, "fp": { value: 800, unit: "millisecond" } },
        } as never,
      ],
    ] as never);
    const res = await send(`${origin()}/api/${t.projectRef}/envelope/`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", "x-sentry-auth": `Sentry sentry_version=7, sentry_key=${t.publicKey}, sentry_client=sentry.javascript.browser/11.5.0`, origin: "https://shop.example" },
      body: serializeEnvelope(envelope),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ id: "a".repeat(32) });
    await foldRollups(db(), t.project.id);
    const body = await readApi(t, vitalsRoute, "?range=1h");
    expect(body.summary.map((s: { name: string; count: number }) => `${s.name}:${s.count}`).sort()).toEqual(["CLS:1", "FCP:1", "INP:1", "LCP:1", "TTFB:1"]);
    expect(body.data.map((r: { route: string }) => r.route)).toEqual(["/checkout"]);
    // A pageload is the browser's, not a server request.
    expect(await count(db(), requests, t.project.id)).toBe(0);

    const preflight = await envelopeRoute.OPTIONS();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-sentry-auth");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("content-type");
  });
});

/** A hand-built envelope: header line, then items, each `[header, payload]`. */
function envelopeOf(items: [Record<string, unknown>, string][], header: Record<string, unknown> = {}): string {
  return [JSON.stringify(header), ...items.flatMap(([h, p]) => [JSON.stringify(h), p])].join("\n");
}
const errorItem = (id: string, message = "boom"): [Record<string, unknown>, string] => [
  { type: "event" },
  JSON.stringify({ event_id: id, timestamp: Date.now() / 1000, exception: { values: [{ type: "Error", value: message }] } }),
];

describe("the envelope door", () => {
  const post = (t: Tenant, body: string | Uint8Array, opts: { key?: string; ref?: number | string; path?: "envelope" | "store"; headers?: Record<string, string> } = {}) =>
    send(`${origin()}/api/${opts.ref ?? t.projectRef}/${opts.path ?? "envelope"}/?sentry_key=${opts.key ?? t.publicKey}`, { method: "POST", headers: opts.headers, body });

  it("accepts gzip, deflate and brotli bodies, items with and without length, drops sessions and reports, and dedupes by event id", async () => {
    const t = await tenantWithDsn();
    const payload = JSON.stringify({ event_id: "1".repeat(32), timestamp: Date.now() / 1000, exception: { values: [{ type: "Error", value: "sized" }] } });
    const withLength = [
      JSON.stringify({ event_id: "1".repeat(32) }),
      JSON.stringify({ type: "event", length: Buffer.byteLength(payload) }),
      payload,
      JSON.stringify({ type: "session" }),
      JSON.stringify({ sid: "x", status: "ok" }),
      JSON.stringify({ type: "client_report" }),
      JSON.stringify({ discarded_events: [] }),
      JSON.stringify({ type: "attachment", length: 5, filename: "a.txt" }),
      "hello",
    ].join("\n");
    expect((await post(t, gzipSync(withLength), { headers: { "content-encoding": "gzip" } })).status).toBe(200);
    expect((await post(t, deflateSync(envelopeOf([errorItem("2".repeat(32))])), { headers: { "content-encoding": "deflate" } })).status).toBe(200);
    expect((await post(t, brotliCompressSync(envelopeOf([errorItem("3".repeat(32))])), { headers: { "content-encoding": "br" } })).status).toBe(200);
    // A retry of the same event stores nothing twice.
    const retry = await post(t, envelopeOf([errorItem("3".repeat(32))]));
    expect(await retry.json()).toEqual({ id: "3".repeat(32) });
    // Only sessions: accepted, nothing stored.
    expect((await post(t, envelopeOf([[{ type: "session" }, "{}"]]))).status).toBe(200);
    expect(await count(db(), errorEvents, t.project.id)).toBe(3);
    // The legacy store endpoint takes one event as JSON.
    const store = await post(t, JSON.stringify({ event_id: "4".repeat(32), exception: { values: [{ type: "Error", value: "stored" }] }, fingerprint: ["checkout"] }), { path: "store" });
    expect(store.status).toBe(200);
    expect(await count(db(), errorEvents, t.project.id)).toBe(4);
  });

  it("honours the SDK's fingerprint: different messages, one issue", async () => {
    const t = await tenantWithDsn();
    const fp = (id: string, msg: string): [Record<string, unknown>, string] => [
      { type: "event" },
      JSON.stringify({ event_id: id, exception: { values: [{ type: "Error", value: msg }] }, fingerprint: ["payments-down"] }),
    ];
    expect((await post(t, envelopeOf([fp("5".repeat(32), "a"), fp("6".repeat(32), "completely different")]))).status).toBe(200);
    const issues = await readApi(t, issuesRoute);
    expect(issues.data).toHaveLength(1);
    expect(issues.data[0].eventCount).toBe(2);
  });

  it("refuses bad input with a clear 4xx and stores nothing", async () => {
    const t = await tenantWithDsn();
    const other = await tenantWithDsn();
    const good = envelopeOf([errorItem("7".repeat(32))]);
    const lying = [JSON.stringify({}), JSON.stringify({ type: "event", length: 5000 }), errorItem("8".repeat(32))[1]].join("\n");
    const shortLie = [JSON.stringify({}), JSON.stringify({ type: "event", length: 10 }), errorItem("8".repeat(32))[1]].join("\n");
    let deep = "1";
    for (let i = 0; i < 10_000; i++) deep = `{"a":${deep}}`;
    const deepItem = envelopeOf([[{ type: "event" }, JSON.stringify({ event_id: "9".repeat(32), exception: { values: [{ type: "Error", value: "deep" }] } }).replace(/}$/, `,"extra":${deep}}`)]]);
    const cases: [string, Promise<Response>, number][] = [
      ["lying length past the end", post(t, lying), 400],
      ["lying length inside the item", post(t, shortLie), 400],
      ["not an envelope", post(t, "this is not sentry"), 400],
      ["an empty body", post(t, ""), 400],
      ["a Vigil JSON batch", post(t, JSON.stringify({ events: [{ type: "log", level: "info", message: "x" }] })), 400],
      ["an item header without type", post(t, `{}\n{"length":2}\n{}`), 400],
      ["10,000-deep JSON", post(t, deepItem), 400],
      ["10,000-deep store body", post(t, deep, { path: "store" }), 400],
      ["bad gzip", post(t, "not gzip", { headers: { "content-encoding": "gzip" } }), 400],
      ["unknown DSN key", post(t, good, { key: "f".repeat(32) }), 401],
      ["malformed key", post(t, good, { key: "not-a-key" }), 401],
      ["another project's key", post(t, good, { key: other.publicKey }), 401],
      ["an unknown project ref", post(t, good, { ref: 99 }), 401],
      ["an API key instead of the DSN key", post(t, good, { key: t.read }), 401],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect(res.status, name).toBe(status);
      expect(res.headers.get("content-type"), name).toContain("application/problem+json");
      expect(res.headers.get("access-control-allow-origin"), name).toBe("*");
    }
    expect(await stored(t)).toBe(0);
    expect(await stored(other)).toBe(0);
  });

  it("tenancy: the public key opens only its own project's Sentry doors — not the read API, not /api/v1/ingest; rotation stops the old key", async () => {
    const t = await tenantWithDsn();
    const asBearer = { authorization: `Bearer ${t.publicKey}` };
    expect((await call(issuesRoute.GET, { path: "/x", params: { projectId: t.project.id }, headers: asBearer })).status).toBe(401);
    const ingest = await call(ingestRoute.POST as unknown as Parameters<typeof call>[0], { path: "/api/v1/ingest", params: {}, method: "POST", headers: asBearer, body: { events: [{ type: "log", level: "info", message: "x" }] } });
    expect(ingest.status).toBe(401);
    const viaQuery = await send(`${origin()}/api/v1/ingest?sentry_key=${t.publicKey}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [{ type: "log", level: "info", message: "x" }] }) });
    expect(viaQuery.status).toBe(401);
    expect(await stored(t)).toBe(0);

    // Rotation: admins only; the old key stops, the new one works.
    const viewer = await createUser(db());
    const rotate = (cookie: string) => call(rotateRoute.POST, { path: "/x", params: { projectId: t.project.id }, method: "POST", headers: { cookie } });
    expect((await rotate(await sessionCookie(viewer))).status).toBe(404);
    const rotated = await (await rotate(t.cookie)).json();
    expect(rotated.publicKey).not.toBe(t.publicKey);
    expect(rotated.projectRef).toBe(t.projectRef);
    expect((await post(t, envelopeOf([errorItem("a1".padEnd(32, "0"))]))).status).toBe(401);
    expect((await post(t, envelopeOf([errorItem("a2".padEnd(32, "0"))]), { key: rotated.publicKey })).status).toBe(200);
    // A read key cannot see or rotate the DSN (people manage it).
    expect((await call(dsnRoute.GET, { path: "/x", params: { projectId: t.project.id }, headers: bearer(t.read) })).status).toBe(403);
  });

  it("a seeded fuzz over the envelope door never answers 5xx", async () => {
    const t = await tenantWithDsn();
    const seed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = createRandom(seed);
    const rand = () => random.next();
    const pick = <T,>(xs: T[]) => random.pick(xs);
    const values: unknown[] = [null, 0, -1, 1e308, "x", "", true, [], {}, [1, "a"], { values: [] }, { values: [{}] }, { values: [{ stacktrace: { frames: [{}, { lineno: -1 }, { lineno: 1.5 }] } }] }, "\u0000", "\ud800", "a".repeat(70_000)];
    const keys = ["event_id", "timestamp", "start_timestamp", "exception", "message", "level", "release", "environment", "fingerprint", "tags", "contexts", "measurements", "transaction", "user", "request", "items", "type"];
    const types = ["event", "transaction", "span", "log", "session", "attachment", "client_report", "weird"];
    const randomObject = () => Object.fromEntries(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => [pick(keys), pick(values)]));
    // Not envelopes at all, or JSON nested 10,000 deep in the header or an item.
    const broken = [
      "", "\n\n\n", "[".repeat(10_000) + "]".repeat(10_000), `{"event_id":${"[".repeat(10_000)}${"]".repeat(10_000)}}\n{"type":"event"}\n{}`,
      `{}\n{"type":"event"}\n{"exception":${'{"values":['.repeat(5_000)}${"]}".repeat(5_000)}}`, "{}\n{\"type\":\"event\",\"length\":99999999}\n{}", "\u0000", "\ud800\n\ud800",
    ];
    const { logs: logged } = await withLogs(async () => {
    for (let i = 0; i < 150; i++) {
      if (rand() < 0.1) {
        const res = await post(t, pick(broken));
        expect(res.status, `FUZZ_SEED=${seed} case ${i}`).toBeLessThan(500);
        continue;
      }
      const items = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
        const type = pick(types);
        const payload = rand() < 0.3 ? JSON.stringify({ items: [randomObject(), randomObject()] }) : JSON.stringify(randomObject());
        const header: Record<string, unknown> = { type };
        if (rand() < 0.3) header.length = rand() < 0.5 ? Buffer.byteLength(payload) : Math.floor(rand() * 100);
        return [header, rand() < 0.1 ? payload.slice(0, Math.floor(payload.length / 2)) : payload] as [Record<string, unknown>, string];
      });
      const res = await post(t, envelopeOf(items, rand() < 0.5 ? { event_id: pick(["x", "b".repeat(32), 5]) } : {}));
      expect(res.status, `FUZZ_SEED=${seed} case ${i}`).toBeLessThan(500);
    }
    });
    expect(logged.filter((l) => l.level === "error"), `FUZZ_SEED=${seed}`).toEqual([]);
  });
});

describe("DSN per project", () => {
  it("two projects get distinct numeric refs and keys; the DSN follows APP_URL or the request", async () => {
    const a = await tenantWithDsn();
    const org = await createOrg(db(), a.user, "Second");
    const p = await createProject(db(), a.user, org, "Api");
    const res = await call(dsnRoute.GET, { path: "/x", params: { projectId: p.id }, headers: { cookie: a.cookie, "x-forwarded-host": "vigil.example", "x-forwarded-proto": "https" } });
    const b = await res.json();
    expect(b.projectRef).not.toBe(a.projectRef);
    expect(b.publicKey).not.toBe(a.publicKey);
    expect(b.dsn).toMatch(/^https?:\/\/[0-9a-f]{32}@[^/]+\/\d+$/);
    // Stable: asking again shows the same DSN.
    const again = await (await call(dsnRoute.GET, { path: "/x", params: { projectId: p.id }, headers: { cookie: a.cookie } })).json();
    expect(again.publicKey).toBe(b.publicKey);
  });
});

describe("when storage fails", () => {
  const target = inject("testDatabase");
  async function unavailableDatabase() {
    const handle = target.kind === "postgres" ? await openPostgres(testDatabaseUrl(), 1) : await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
    await handle.close();
    return handle.db;
  }

  it("the key lookup and the write answer 503 with Retry-After (the SDK keeps the envelope and retries), never 500", async () => {
    const t = await tenantWithDsn();
    const down = await unavailableDatabase();
    const { value: lookup } = await withLogs(() => projectForSentryKey(down, "1234567", "e".repeat(32)).catch((e: unknown) => e));
    expect(problemOf(lookup)).toMatchObject({ status: 503, headers: { "Retry-After": "5" } });
    const { decoded } = decodeSentryEnvelope(new TextEncoder().encode(envelopeOf([errorItem("d".repeat(32))])));
    const { value: write } = await withLogs(() => acceptEvents(down, t.project.id, decoded).catch((e: unknown) => e));
    expect(problemOf(write)).toMatchObject({ status: 503, headers: { "Retry-After": "5" } });
    expect(await stored(t)).toBe(0);
  });
});
