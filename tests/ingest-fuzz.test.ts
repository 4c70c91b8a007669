import { gzipSync } from "node:zlib";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deploymentEvents, errorEvents, invocations, logs, requests, vitals } from "@/lib/db/schema";
import { createRandom } from "@/lib/sample-data/random";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { withLogs } from "./support/logs";
import { send, useNativeServer } from "./support/native-server";

/**
 * A seeded, bounded fuzz of POST /api/v1/ingest through the front door of `npm start`
 * (the route of `next start` is the same handler: tests/ingest.test.ts). Valid events with
 * fields made hostile, bodies that are not JSON or nest 10,000 deep, odd content types and
 * encodings: the answer is never a 5xx; a 202 accounts for every event (accepted,
 * duplicate or rejected with a pointer into it), and what it accepted is what is stored.
 * FUZZ_SEED=<n> replays a run.
 */
const db = useTestDatabase();
const server = useNativeServer();
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const ROUNDS = 150;

const HOSTILE: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 8.64e15, 8.64e15 + 1, "", " ", "\u0000", "a\u0000b",
  "\ud800", "x\udfffy", "\uFFFF", "x".repeat(70_000), "NaN", [], [null], ["\u0000"], {}, { "": 1 }, { "\u0000": "\ud800" },
  "2026-13-45T00:00:00Z", "9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
  "'; drop table logs; --", "<script>alert(1)</script>", "GET", "error", "success", "LCP", "succeeded", "__proto__", "constructor",
  Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])), Array.from({ length: 300 }, () => ({ filename: "a.js" })),
];

function validEvent(random: ReturnType<typeof createRandom>, now: number): Record<string, unknown> {
  const timestamp = now - random.int(0, 3_600_000);
  switch (random.int(0, 6)) {
    case 0: return { type: "deployment", deploymentId: `dpl_${random.base62(6)}`, status: "succeeded", branch: "main", timestamp };
    case 1: return { type: "invocation", functionName: "api/cart", durationMs: random.int(1, 500), status: "success", timestamp };
    case 2: return { type: "request", method: "GET", route: "/api/items/[id]", statusCode: 200, durationMs: random.int(1, 500), timestamp };
    case 3: return { type: "error", name: "TypeError", message: "x is undefined", stack: "TypeError: x\n    at f (a.js:1:1)", timestamp };
    case 4: return { type: "log", level: "info", message: `hello ${random.base62(8)}`, attributes: { userId: 7 }, timestamp };
    default: return { type: "vital", name: "LCP", value: random.int(100, 5000), route: "/", timestamp };
  }
}

const FIELDS = [
  "type", "id", "timestamp", "environment", "deploymentId", "attributes", "status", "branch", "commitSha", "functionName", "durationMs",
  "coldStart", "statusCode", "method", "route", "path", "name", "message", "stack", "frames", "fingerprint", "level", "value", "rating",
];
const TABLES = [deploymentEvents, invocations, requests, errorEvents, logs, vitals];

describe(`ingest fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`never answers 5xx over ${ROUNDS} seeded batches; a 202 accounts for every event and stores what it accepted`, async () => {
    const tenant = await createTenant(db());
    const key = await createApiKey(db(), tenant, ["ingest"]);
    const random = createRandom(SEED);
    const pick = <T,>(list: readonly T[]): T => random.pick(list);
    const now = Date.now();
    let acceptedInAll = 0;
    const statuses = new Map<number, number>();

    const { logs: logged } = await withLogs(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        let body: string;
        let events: unknown[] | undefined;
        const roll = random.next();
        if (roll < 0.08) {
          body = pick(["[".repeat(10_000) + "]".repeat(10_000), `{"events":${"[".repeat(10_000)}`, "{", "", "null", "\u0000", '{"events":"x"}', '{"events":[1,2,3]}', "\ud800"]);
        } else {
          events = Array.from({ length: random.int(1, 30) }, () => {
            const event = validEvent(random, now);
            for (let i = 0, n = random.int(0, 4); i < n; i++) {
              const field = pick(FIELDS);
              if (random.next() < 0.2) delete event[field];
              else event[field] = pick(HOSTILE);
            }
            return event;
          });
          body = JSON.stringify({ events });
        }
        const gzip = random.next() < 0.2;
        const headers: Record<string, string> = {
          authorization: `Bearer ${key}`,
          "content-type": pick(["application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded"]),
        };
        if (gzip) headers["content-encoding"] = "gzip";
        const what = `seed ${SEED}, round ${round}: ${body.slice(0, 300)}`;
        const res = await send(`${server()}/api/v1/ingest`, { method: "POST", headers, body: gzip ? gzipSync(body) : body });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, what).toBeLessThan(500);
        const answer = await res.json();
        if (res.status === 202) {
          expect(events, what).toBeDefined();
          // Every event is accepted, a duplicate, or rejected with pointers into itself.
          expect(answer.accepted + answer.duplicates + answer.rejected.length, what).toBe(events!.length);
          for (const r of answer.rejected) for (const e of r.errors) expect(e.pointer, what).toMatch(new RegExp(`^/events/${r.index}(/|$)`));
          acceptedInAll += answer.accepted;
        } else {
          expect(res.headers.get("content-type"), what).toBe("application/problem+json");
          if (res.status === 400) expect(answer.errors?.length, what).toBeGreaterThan(0);
        }
      }
    });
    expect(logged.filter((l) => l.level === "error"), `seed ${SEED}`).toEqual([]);
    // The fuzz got events stored, and rejected whole bodies too.
    expect(statuses.get(202), `seed ${SEED}`).toBeGreaterThan(0);
    expect(statuses.get(400), `seed ${SEED}`).toBeGreaterThan(0);
    // A 202 means committed: every accepted event is a row.
    let stored = 0;
    for (const table of TABLES) stored += (await db().select({ n: count() }).from(table).where(eq(table.projectId, tenant.project.id)))[0].n;
    expect(stored, `seed ${SEED}`).toBe(acceptedInAll);
  });
});
