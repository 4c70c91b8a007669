import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deployments, errorEvents, invocations, issues, logs, requests } from "@/lib/db/schema";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { withLogs } from "./support/logs";
import { send, useNativeServer } from "./support/native-server";

const db = useTestDatabase();
const server = useNativeServer();

async function ingestTenant() {
  const tenant = await createTenant(db());
  return { ...tenant, key: await createApiKey(db(), tenant, ["ingest"]) };
}

function post(key: string, body: unknown): Promise<Response> {
  return send(`${server()}/api/v1/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

const NUL = "\u0000";
const LONE_HIGH = "\ud800";
const LONE_LOW = "\udfff";
const FFFD = "\uFFFD";

describe("text PostgreSQL cannot store (U+0000, lone surrogates)", () => {
  it("is stored as U+FFFD in every kind of field, and the rest of the batch is kept", async () => {
    const { project, key } = await ingestTenant();
    const res = await post(key, {
      events: [
        { type: "log", level: "info", message: `a${NUL}b${LONE_HIGH}c`, environment: `prod${LONE_LOW}`, attributes: { [`k${NUL}`]: `v${LONE_HIGH}`, ok: 1 } },
        { type: "error", name: `Type${NUL}Error`, message: `bad ${LONE_LOW}`, stack: `Error\n    at f${NUL} (app.js:1:1)`, release: `r${NUL}` },
        { type: "request", method: "GET", route: `/a${NUL}`, statusCode: 200, durationMs: 5, path: `/a${LONE_HIGH}` },
        { type: "invocation", functionName: `fn${NUL}`, durationMs: 10, status: "success", region: `r${LONE_LOW}` },
        { type: "deployment", deploymentId: `dpl${NUL}1`, status: "started", branch: `main${LONE_HIGH}`, commitMessage: `fix ${NUL}` },
        { type: "log", level: "warn", message: "clean" },
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 6, duplicates: 0, rejected: [] });

    const storedLogs = await db().select().from(logs).where(eq(logs.projectId, project.id));
    const dirty = storedLogs.find((l) => l.message !== "clean")!;
    expect(dirty.message).toBe(`a${FFFD}b${FFFD}c`);
    expect(dirty.environment).toBe(`prod${FFFD}`);
    expect(dirty.attributes).toEqual({ [`k${FFFD}`]: `v${FFFD}`, ok: 1 });
    expect(storedLogs.map((l) => l.message)).toContain("clean");

    const [error] = await db().select().from(errorEvents).where(eq(errorEvents.projectId, project.id));
    expect(error.release).toBe(`r${FFFD}`);
    const [issue] = await db().select().from(issues).where(eq(issues.projectId, project.id));
    expect(issue.title).toContain(`Type${FFFD}Error`);
    const [request] = await db().select().from(requests).where(eq(requests.projectId, project.id));
    expect([request.route, request.path]).toEqual([`/a${FFFD}`, `/a${FFFD}`]);
    const [invocation] = await db().select().from(invocations).where(eq(invocations.projectId, project.id));
    expect(invocation.functionName).toBe(`fn${FFFD}`);
    const [deployment] = await db().select().from(deployments).where(eq(deployments.projectId, project.id));
    expect([deployment.deploymentId, deployment.branch]).toEqual([`dpl${FFFD}1`, `main${FFFD}`]);
  });
});

describe("a batch the database refuses", () => {
  it("is answered 400 alone; 50 concurrent batches of another tenant are all stored", async () => {
    const a = await ingestTenant();
    const b = await ingestTenant();
    // A refusal PostgreSQL makes for the data's sake (SQLSTATE 23514): any batch holding
    // this message fails its statement, as an unstorable string did before it was replaced.
    const marker = `poison-${randomUUID()}`;
    const constraint = `test_poison_${randomUUID().replace(/-/g, "")}`;
    await db().execute(sql.raw(`alter table logs add constraint ${constraint} check (message <> '${marker}') not valid`));
    try {
      const { value: answers, logs: logged } = await withLogs(async () => {
        const batchesOfA = Array.from({ length: 50 }, (_, i) =>
          post(a.key, { events: Array.from({ length: 10 }, (_, j) => ({ type: "log", level: "info", message: `a ${i}.${j}`, id: `a-${i}-${j}` })) }),
        );
        const poisoned = post(b.key, {
          events: [
            { type: "log", level: "info", message: "fine", id: "b-0" },
            { type: "log", level: "error", message: marker, id: "b-1" },
          ],
        });
        return Promise.all([...batchesOfA.slice(0, 25), poisoned, ...batchesOfA.slice(25)]);
      });
      const poisonedAnswer = answers.splice(25, 1)[0];

      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(202));
      for (const r of answers) expect(await r.json()).toMatchObject({ accepted: 10, duplicates: 0 });
      expect(poisonedAnswer.status).toBe(400);
      expect(poisonedAnswer.headers.get("content-type")).toBe("application/problem+json");
      const problem = await poisonedAnswer.json();
      expect(problem).toMatchObject({ status: 400, errors: [{ pointer: "/events" }] });
      expect(problem.errors[0].message).toContain("23514");
      // A refusal is the sender's problem (a warning naming the tenant), not a storage failure.
      expect(logged.filter((l) => l.level === "error")).toEqual([]);
      expect(logged).toContainEqual(expect.objectContaining({ level: "warn", msg: "ingest batch refused by the database", projectId: b.project.id }));

      const [{ n: storedOfA }] = await db().select({ n: count() }).from(logs).where(eq(logs.projectId, a.project.id));
      expect(storedOfA).toBe(500);
      // Nothing of the refused batch is stored, not even its valid event.
      const [{ n: storedOfB }] = await db().select({ n: count() }).from(logs).where(and(eq(logs.projectId, b.project.id)));
      expect(storedOfB).toBe(0);
    } finally {
      await db().execute(sql.raw(`alter table logs drop constraint if exists ${constraint}`));
    }
  });
});
