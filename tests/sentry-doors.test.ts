import { describe, expect, it } from "vitest";
import { getSentryDsn } from "@/lib/api-keys/sentry-dsn";
import { freshBudgets } from "./support/budgets";
import { useTestDatabase } from "./support/db";
import { createTenant, sessionCookie } from "./support/factories";
import { send, useNativeServer } from "./support/native-server";
import { useNextServer } from "./support/next-server";

/**
 * Sentry's transport posts to `/api/{ref}/envelope/` — with the slash — and follows no
 * redirect. Both front doors must answer that URL itself: the Node server of `npm start`
 * (its fast-route table) and plain `next start` (Next's own trailing-slash redirect is off;
 * proxy.ts redirects every other path as Next would).
 */
const db = useTestDatabase();
const LIMIT = 3;
const doors = [
  { door: "npm start", origin: useNativeServer({ budgets: freshBudgets(LIMIT) }), preflight: false },
  { door: "next start", origin: useNextServer(), preflight: true },
];

async function dsnTenant() {
  const tenant = await createTenant(db());
  return { ...tenant, ...(await getSentryDsn(db(), { projectId: tenant.project.id, origin: "http://localhost" })) };
}

const envelope = (id: string) =>
  [JSON.stringify({ event_id: id }), JSON.stringify({ type: "event" }), JSON.stringify({ event_id: id, exception: { values: [{ type: "Error", value: `door ${id}` }] } })].join("\n");

describe.each(doors)("$door", ({ origin, preflight }) => {
  it("answers POST /api/{ref}/envelope/ and /store/ at the slash URL, with CORS", async () => {
    const t = await dsnTenant();
    const id = crypto.randomUUID().replace(/-/g, "");
    const res = await send(`${origin()}/api/${t.projectRef}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: "POST", body: envelope(id) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const store = await send(`${origin()}/api/${t.projectRef}/store/`, {
      method: "POST",
      headers: { "x-sentry-auth": `Sentry sentry_key=${t.publicKey}, sentry_version=7`, "content-type": "application/json" },
      body: JSON.stringify({ message: "legacy store" }),
    });
    expect(store.status).toBe(200);
    const wrong = await send(`${origin()}/api/${t.projectRef}/envelope/?sentry_key=${"0".repeat(32)}`, { method: "POST", body: envelope("1".repeat(32)) });
    expect(wrong.status).toBe(401);
  });

  it.runIf(preflight)("answers the browser's CORS preflight at the slash URL, and still redirects other trailing slashes", async () => {
    const t = await dsnTenant();
    const res = await send(`${origin()}/api/${t.projectRef}/envelope/`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-sentry-auth" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-sentry-auth");
    const page = await send(`${origin()}/sign-in/`, { method: "GET" });
    expect(page.status).toBe(308);
    expect(page.headers.get("location")).toMatch(/\/sign-in$/);
  });
});

describe("npm start's rate limit on the Sentry door", () => {
  it("answers 429 with Retry-After, X-Sentry-Rate-Limits and CORS once the key's budget is spent", async () => {
    const t = await dsnTenant();
    const url = `${doors[0].origin()}/api/${t.projectRef}/envelope/?sentry_key=${t.publicKey}`;
    for (let i = 0; i < LIMIT; i++) expect((await send(url, { method: "POST", body: envelope(String(i).repeat(32)) })).status).toBe(200);
    const limited = await send(url, { method: "POST", body: envelope("9".repeat(32)) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-sentry-rate-limits")).toMatch(/^\d+::organization$/);
    expect(limited.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("Settings → Sentry SDK (next start)", () => {
  it("shows a member the project's DSN, its key and the SDK snippets", async () => {
    const t = await dsnTenant();
    const res = await send(`${doors[1].origin()}/${t.org.slug}/${t.project.slug}/settings/sentry`, { method: "GET", headers: { cookie: await sessionCookie(t.user) } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(t.publicKey);
    expect(html).toContain(`/${t.projectRef}`);
    for (const sdk of ["@sentry/nextjs", "@sentry/node", "@sentry/browser"]) expect(html).toContain(sdk);
    expect(html).toContain("Rotate key");
    // The other two doors, beside it.
    expect(html).toContain("/api/v1/otlp/v1/traces");
    expect(html).toContain("/api/v1/ingest");
  });

  it("a project's empty state offers the OpenTelemetry and Sentry doors beside the curl", async () => {
    const t = await dsnTenant();
    const res = await send(`${doors[1].origin()}/${t.org.slug}/${t.project.slug}/logs`, { method: "GET", headers: { cookie: await sessionCookie(t.user) } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="other-doors"');
    expect(html).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(html).toContain(`/${t.org.slug}/${t.project.slug}/settings/sentry`);
  });
});
