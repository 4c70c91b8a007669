import { describe, expect, it } from "vitest";
import * as keyRoutes from "@/app/api/v1/projects/[projectId]/api-keys/route";
import * as keyRoute from "@/app/api/v1/projects/[projectId]/api-keys/[keyId]/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json();
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|select |insert /i); // no internals
  return body;
}

describe("API keys over HTTP", () => {
  it("a member creates a key, sees it in full once, then only by prefix, and revokes it", async () => {
    const tenant = await createTenant(db());
    const cookie = await sessionCookie(tenant.user);
    const projectId = tenant.project.id;

    const created = await call(keyRoutes.POST, {
      path: `/api/v1/projects/${projectId}/api-keys`,
      params: { projectId },
      method: "POST",
      headers: { cookie },
      body: { name: "CI deploys", scopes: ["ingest"] },
    });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key.key).toMatch(/^vgl_[0-9A-Za-z]{38}$/);
    expect(key).toMatchObject({ name: "CI deploys", scopes: ["ingest"], prefix: key.key.slice(0, 12), revokedAt: null });

    const listed = await call(keyRoutes.GET, { path: `/api/v1/projects/${projectId}/api-keys`, params: { projectId }, headers: { cookie } });
    const list = await listed.json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: key.id, prefix: key.key.slice(0, 12) });
    expect(JSON.stringify(list)).not.toContain(key.key); // never again in full
    expect(JSON.stringify(list)).not.toMatch(/keyHash|key_hash/);

    const revoked = await call(keyRoute.DELETE, {
      path: `/api/v1/projects/${projectId}/api-keys/${key.id}`,
      params: { projectId, keyId: key.id },
      method: "DELETE",
      headers: { cookie },
    });
    expect(revoked.status).toBe(204);
    const after = await (await call(keyRoutes.GET, { path: `/api/v1/projects/${projectId}/api-keys`, params: { projectId }, headers: { cookie } })).json();
    expect(after.data[0].revokedAt).not.toBeNull();
  });

  it("rejects bad input with field pointers", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const res = await call(keyRoutes.POST, {
      path: `/api/v1/projects/${projectId}/api-keys`,
      params: { projectId },
      method: "POST",
      headers: { cookie: await sessionCookie(tenant.user) },
      body: { name: "", scopes: ["admin"] },
    });
    const body = await expectProblem(res, 400);
    expect(body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["/name", "/scopes/0"]);
    // Expiry times JavaScript and PostgreSQL cannot both write (year 275760, past the largest
    // Date), or already gone: refused on the field, never a failed insert.
    for (const expiresAt of [8.64e15, 8.64e15 + 1, 1e20, Date.now() - 1000, "2020-01-01T00:00:00Z"]) {
      const bad = await call(keyRoutes.POST, {
        path: `/api/v1/projects/${projectId}/api-keys`,
        params: { projectId },
        method: "POST",
        headers: { cookie: await sessionCookie(tenant.user) },
        body: { name: "ci", scopes: ["ingest"], expiresAt },
      });
      const { errors } = await expectProblem(bad, 400);
      expect(errors.length, String(expiresAt)).toBeGreaterThan(0);
      expect(errors.map((e: { pointer: string }) => e.pointer), String(expiresAt)).toEqual(errors.map(() => "/expiresAt"));
    }
  });

  it("refuses a cookie-authenticated mutation from another origin", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const res = await call(keyRoutes.POST, {
      path: `/api/v1/projects/${projectId}/api-keys`,
      params: { projectId },
      method: "POST",
      headers: { cookie: await sessionCookie(tenant.user), origin: "https://evil.example" },
      body: { name: "x", scopes: ["read"] },
    });
    await expectProblem(res, 403);
    const list = await (await call(keyRoutes.GET, { path: "/", params: { projectId }, headers: { cookie: await sessionCookie(tenant.user) } })).json();
    expect(list.data).toHaveLength(0); // nothing was created
  });
});

describe("API key authentication", () => {
  it("answers 401 problem+json for revoked, expired, truncated and unknown keys", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const path = `/api/v1/projects/${projectId}`;
    const good = await createApiKey(db(), tenant, ["read"]);
    expect((await call(projectRoute.GET, { path, params: { projectId }, headers: bearer(good) })).status).toBe(200);

    const expired = await createApiKey(db(), tenant, ["read"], new Date(Date.now() - 1000));
    const revoked = await createApiKey(db(), tenant, ["read"]);
    const list = await (await call(keyRoutes.GET, { path: `${path}/api-keys`, params: { projectId }, headers: { cookie: await sessionCookie(tenant.user) } })).json();
    const revokedId = list.data.find((k: { prefix: string }) => k.prefix === revoked.slice(0, 12)).id;
    await call(keyRoute.DELETE, {
      path: `${path}/api-keys/${revokedId}`,
      params: { projectId, keyId: revokedId },
      method: "DELETE",
      headers: { cookie: await sessionCookie(tenant.user) },
    });
    const unknown = "vgl_" + "A".repeat(38);
    for (const key of [revoked, expired, good.slice(0, -3), unknown, "not-a-key"]) {
      const res = await call(projectRoute.GET, { path, params: { projectId }, headers: bearer(key) });
      await expectProblem(res, 401);
    }
    await expectProblem(await call(projectRoute.GET, { path, params: { projectId } }), 401);
  });

  it("answers 403 when an ingest-only key calls a read endpoint", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const ingestOnly = await createApiKey(db(), tenant, ["ingest"]);
    await expectProblem(await call(projectRoute.GET, { path: `/api/v1/projects/${projectId}`, params: { projectId }, headers: bearer(ingestOnly) }), 403);
  });

  it("answers 403 when any key calls a session-only endpoint of its own project", async () => {
    const tenant = await createTenant(db());
    const projectId = tenant.project.id;
    const key = await createApiKey(db(), tenant, ["ingest", "read"]);
    await expectProblem(await call(keyRoutes.GET, { path: `/api/v1/projects/${projectId}/api-keys`, params: { projectId }, headers: bearer(key) }), 403);
  });
});

describe("tenant isolation", () => {
  it("answers 404 for another project's objects, whoever asks", async () => {
    const a = await createTenant(db());
    const b = await createTenant(db());
    const keyA = await createApiKey(db(), a, ["ingest", "read"]);
    const keyB = await createApiKey(db(), b, ["read"]);
    const listB = await (await call(keyRoutes.GET, { path: "/", params: { projectId: b.project.id }, headers: { cookie: await sessionCookie(b.user) } })).json();
    const keyBId = listB.data[0].id;

    // A's key on B's project
    await expectProblem(await call(projectRoute.GET, { path: "/", params: { projectId: b.project.id }, headers: bearer(keyA) }), 404);
    // A's key on B's session-only endpoint: still 404, not 403
    await expectProblem(await call(keyRoutes.GET, { path: "/", params: { projectId: b.project.id }, headers: bearer(keyA) }), 404);
    // A's member on B's project and B's key
    const cookieA = await sessionCookie(a.user);
    await expectProblem(await call(projectRoute.GET, { path: "/", params: { projectId: b.project.id }, headers: { cookie: cookieA } }), 404);
    await expectProblem(
      await call(keyRoute.DELETE, { path: "/", params: { projectId: b.project.id, keyId: keyBId }, method: "DELETE", headers: { cookie: cookieA } }),
      404,
    );
    // B's key id addressed through A's own project
    await expectProblem(
      await call(keyRoute.DELETE, { path: "/", params: { projectId: a.project.id, keyId: keyBId }, method: "DELETE", headers: { cookie: cookieA } }),
      404,
    );
    // B's key still works: nothing above touched it
    expect((await call(projectRoute.GET, { path: "/", params: { projectId: b.project.id }, headers: bearer(keyB) })).status).toBe(200);
    // unknown project
    await expectProblem(await call(projectRoute.GET, { path: "/", params: { projectId: "prj_doesnotexist00" }, headers: { cookie: cookieA } }), 404);
  });
});
