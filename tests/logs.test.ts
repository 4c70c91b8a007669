import { describe, expect, it } from "vitest";
import * as logsRoute from "@/app/api/v1/projects/[projectId]/logs/route";
import { ingestBatch } from "@/lib/ingest/ingest";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

describe("GET /api/v1/projects/{projectId}/logs", () => {
  it("searches messages in full text, filters levels, answers newest first and pages with a cursor", async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    await ingestBatch(db(), tenant.project.id, {
      events: [
        { type: "log", level: "info", message: "payment accepted for order 1001", attributes: { orderId: "1001" }, timestamp: now - 5000 },
        { type: "log", level: "warn", message: "payment provider slow: 950 ms", timestamp: now - 4000 },
        { type: "log", level: "error", message: "payment declined by issuer", timestamp: now - 3000 },
        { type: "log", level: "info", message: "cart updated", timestamp: now - 2000 },
        { type: "log", level: "error", message: "database timeout after 3000 ms", timestamp: now - 1000 },
        { type: "log", level: "info", message: "payment accepted long ago", timestamp: now - 3 * 86_400_000 },
      ],
    });
    const other = await createTenant(db());
    await ingestBatch(db(), other.project.id, { events: [{ type: "log", level: "error", message: "payment from another tenant" }] });
    const key = await createApiKey(db(), tenant, ["read"]);
    const get = async (q: string) => (await call(logsRoute.GET, { path: `/x${q}`, params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
    const messages = (body: { data: { message: string }[] }) => body.data.map((l) => l.message);

    expect(messages(await get(""))).toEqual([
      "database timeout after 3000 ms",
      "cart updated",
      "payment declined by issuer",
      "payment provider slow: 950 ms",
      "payment accepted for order 1001",
    ]);
    expect(messages(await get("?q=payment"))).toEqual(["payment declined by issuer", "payment provider slow: 950 ms", "payment accepted for order 1001"]);
    expect(messages(await get(`?q=${encodeURIComponent("payment -declined")}`))).toHaveLength(2);
    expect(messages(await get(`?q=${encodeURIComponent('"payment accepted"')}`))).toEqual(["payment accepted for order 1001"]);
    expect(messages(await get("?level=error"))).toEqual(["database timeout after 3000 ms", "payment declined by issuer"]);
    expect(messages(await get("?q=payment&level=error,warn"))).toHaveLength(2);
    expect(messages(await get("?range=7d&q=payment"))).toHaveLength(4);
    expect((await get("?q=payment")).data[2].attributes).toEqual({ orderId: "1001" });

    const first = await get("?limit=2");
    const second = await get(`?limit=2&cursor=${first.nextCursor}`);
    const third = await get(`?limit=2&cursor=${second.nextCursor}`);
    expect([...messages(first), ...messages(second), ...messages(third)]).toHaveLength(5);
    expect(third.nextCursor).toBeNull();

    const bad = await call(logsRoute.GET, { path: "/x?level=loud", params: { projectId: tenant.project.id }, headers: bearer(key) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toMatch(/^query\.level/);
  });
});
