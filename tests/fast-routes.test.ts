import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { FAST_ROUTES } from "@/lib/http/fast-routes";
import { classifyRequest } from "@/lib/http/request-limits";
import { policies } from "@/lib/ratelimit";
import { config as proxyConfig } from "@/proxy";

/**
 * The fast ingest routes are one table; everything that must know them reads it. These
 * checks keep the other front door (`next start`, `next dev`, Vercel: route + proxy.ts)
 * behaving like the Node server of `npm start`, which answers the table itself.
 */
describe.each(FAST_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", (_name, route) => {
  it("is covered by proxy.ts's matcher, so the other front door limits it too", () => {
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: route.path })).toBe(true);
    expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: `${route.path}/` })).toBe(true);
  });

  it("draws on the ingest budget, per key", async () => {
    const request = new Request(`http://localhost${route.path}`, { method: route.method, headers: { authorization: "Bearer vgl_test" } });
    const target = await classifyRequest(request);
    expect(target?.policy).toBe(policies.ingest);
    expect(target?.key).toMatch(/^key:/);
  });

  it("has an app route of the same path serving the same handler", async () => {
    const module = (await import(/* @vite-ignore */ `@/app${route.appRoute ?? route.path}/route.ts`)) as Record<string, unknown>;
    expect(module[route.method]).toBe(route.handler);
  });
});

it("the proxy leaves the build's static assets alone", () => {
  expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: "/_next/static/chunks/app.js" })).toBe(false);
  expect(unstable_doesMiddlewareMatch({ config: proxyConfig, url: "/sign-in" })).toBe(true);
});
