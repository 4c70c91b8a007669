import { describe, expect, it } from "vitest";
import * as keyRoutes from "@/app/api/v1/projects/[projectId]/api-keys/route";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import { ingestEndpoint } from "@/lib/http/ingest-endpoint";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { call } from "./support/http";

/** The guards' answers to odd credentials: always a 4xx problem, never a 500 or a guess. */
const db = useTestDatabase();

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json();
}

describe("the CSRF check of cookie-authenticated mutations", () => {
  it.each([
    ["null", "null"], // sandboxed iframes, some cross-origin redirects
    ["not a URL", "not a url"],
    ["an empty Origin", ""],
    ["a scheme only", "https://"],
    ["another origin", "https://evil.example"],
    ["a lookalike host", "http://localhost:3000.evil.example"],
  ])("refuses %s with 403", async (_label, origin) => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const res = await call(keyRoutes.POST, {
      path: `/api/v1/projects/${projectId}/api-keys`,
      params: { projectId },
      method: "POST",
      headers: { cookie: await sessionCookie(tenant.user), origin },
      body: { name: "framed", scopes: ["ingest"] },
    });
    expect(await problem(res, 403)).toMatchObject({ detail: "Cross-origin request refused." });
  });
});

describe("the Authorization header", () => {
  it.each([
    ["two keys", (k: string) => `Bearer ${k} ${k}`],
    ["a key and junk", (k: string) => `Bearer ${k} x`],
    ["another scheme", (k: string) => `Basic ${k}`],
    ["no token", () => "Bearer"],
    ["a tab-separated token", (k: string) => `Bearer\t${k}`],
  ])("with %s is a 401, on read and ingest routes alike", async (_label, header) => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const readKey = await createApiKey(db(), tenant, ["read"]);
    const read = await call(projectRoute.GET, { path: `/api/v1/projects/${projectId}`, params: { projectId }, headers: { authorization: header(readKey) } });
    await problem(read, 401);
    const ingestKey = await createApiKey(db(), tenant, ["ingest"]);
    const ingest = await ingestEndpoint(
      new Request("http://localhost/api/v1/ingest", {
        method: "POST",
        headers: { authorization: header(ingestKey), "content-type": "application/json" },
        body: JSON.stringify({ events: [{ type: "log", level: "info", message: "x" }] }),
      }),
    );
    await problem(ingest, 401);
  });

  it("accepts exactly `Bearer <key>`, any case of the scheme", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const key = await createApiKey(db(), tenant, ["read"]);
    for (const header of [`Bearer ${key}`, `bearer ${key}`, `BEARER  ${key}`]) {
      const res = await call(projectRoute.GET, { path: `/api/v1/projects/${projectId}`, params: { projectId }, headers: { authorization: header } });
      expect(res.status, header).toBe(200);
    }
  });
});

describe("methods a route does not serve", () => {
  it("answer 405 problem+json with Allow", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const res = await call(overviewRoute.DELETE, { path: `/api/v1/projects/${projectId}/overview`, params: { projectId }, method: "DELETE" });
    expect(await problem(res, 405)).toMatchObject({ title: "Method not allowed" });
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("are not offered by OPTIONS: its Allow names only the methods the route serves", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const res = await call(overviewRoute.OPTIONS, { path: `/api/v1/projects/${projectId}/overview`, params: { projectId }, method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const keys = await call(keyRoutes.OPTIONS, { path: `/api/v1/projects/${projectId}/api-keys`, params: { projectId }, method: "OPTIONS" });
    expect(keys.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
  });
});
