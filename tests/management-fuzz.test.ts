import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiKeyRoute from "@/app/api/v1/projects/[projectId]/api-keys/[keyId]/route";
import * as apiKeysRoute from "@/app/api/v1/projects/[projectId]/api-keys/route";
import * as channelRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/route";
import * as channelsRoute from "@/app/api/v1/projects/[projectId]/channels/route";
import * as deliveriesRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/deliveries/route";
import * as redeliverRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/deliveries/[deliveryId]/redeliver/route";
import * as rotateRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/rotate-secret/route";
import * as testRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/test/route";
import * as firingRoute from "@/app/api/v1/projects/[projectId]/alerts/firing/route";
import * as issueRoute from "@/app/api/v1/projects/[projectId]/issues/[issueId]/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import * as sentryDsnRoute from "@/app/api/v1/projects/[projectId]/sentry-dsn/route";
import * as sentryRotateRoute from "@/app/api/v1/projects/[projectId]/sentry-dsn/rotate/route";
import * as cronRoute from "@/app/api/cron/[job]/route";
import * as healthRoute from "@/app/api/health/route";
import { env } from "@/lib/env";
import { ingestBatch } from "@/lib/ingest/ingest";
import { setAddressPolicyForTests } from "@/lib/notify/address-policy";
import { createRandom } from "@/lib/sample-data/random";
import { getSecrets } from "@/lib/secrets";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant, sessionCookie } from "./support/factories";
import { call } from "./support/http";
import { withLogs } from "./support/logs";
import { startReceiver } from "./support/receivers";

/**
 * A seeded, bounded fuzz of the management endpoints that the read-API and alerting fuzzes
 * leave out: API keys, channels (create, edit, delete, test, rotate, deliveries, redeliver),
 * an issue's status, the Sentry DSN, the firing banner, the project, cron and health. Every
 * answer is below 500 and JSON; a 400 points into the body or the query; nothing the
 * server did not expect is logged. FUZZ_SEED=<n> replays a run.
 */
const db = useTestDatabase();
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const ROUNDS = 400;

// The webhook channel below posts to a receiver on 127.0.0.1, as an operator could allow.
beforeAll(() => setAddressPolicyForTests("127.0.0.1/32"));
afterAll(() => setAddressPolicyForTests(env.NOTIFY_ALLOW_PRIVATE));

/** Values a hostile client puts in a JSON body: wrong types, unstorable text, extremes. */
const HOSTILE: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 8.64e15, 8.64e15 + 1, "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy",
  "x".repeat(5000), "NaN", [], [null], ["\u0000"], {}, { "": 1 }, { "\u0000": 1 }, "2026-13-45T00:00:00Z", "9999-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00Z", "ingest", "read", ["ingest"], ["read", "ingest"], ["admin"], "webhook", "slack", "email", "inbox",
  "https://hooks.slack.com/services/T0/B0/x", "http://127.0.0.1:1/x", "http://10.0.0.1/x", "http://[::1]/x", "http://0x7f.1/x",
  "file:///etc/passwd", "javascript:alert(1)", "https://user:pw@example.test/x", "https://exa\u0000mple.test/", "https://ex\tample.test/",
  { addresses: ["a@example.test"] }, { addresses: ["a\u0000@example.test"] }, { addresses: [] }, { allMembers: true }, { allMembers: false },
  "open", "resolved", "ignored", "'; drop table api_keys; --", "<script>alert(1)</script>",
];
const ID_VALUES = ["\u0000", "a\u0000b", "\ud800", "", " ", "x".repeat(5000), "chn_nope", "key_nope", "dlv_nope", "00000000-0000-0000-0000-000000000000", "'; drop table channels; --", "..", "%00"];
const KEY_FIELDS = ["name", "scopes", "expiresAt", "extra"];
const CHANNEL_FIELDS = ["type", "name", "url", "recipients", "enabled", "extra"];
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

describe(`management endpoints fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`never answers 5xx over ${ROUNDS} seeded requests`, async () => {
    const tenant = await createTenant(db());
    const { project } = tenant;
    const cookie = await sessionCookie(tenant.user);
    const readKey = await createApiKey(db(), tenant, ["read"]);
    const receiver = await startReceiver({ otherwise: { status: 200 } });
    const random = createRandom(SEED);
    const pick = <T,>(list: readonly T[]): T => random.pick(list);
    const p = `/api/v1/projects/${project.id}`;
    const as = (): Record<string, string> => (random.next() < 0.85 ? { cookie } : { authorization: `Bearer ${readKey}` });

    // Real objects to aim at, besides made-up ids: a key, a webhook channel, a delivery, an issue.
    const key = await (await call(apiKeysRoute.POST, { path: `${p}/api-keys`, params: { projectId: project.id }, method: "POST", headers: { cookie }, body: { name: "ci", scopes: ["ingest"] } })).json();
    const channel = await (await call(channelsRoute.POST, { path: `${p}/channels`, params: { projectId: project.id }, method: "POST", headers: { cookie }, body: { type: "webhook", name: "hook", url: `${receiver.url}/hook` } })).json();
    expect((await call(testRoute.POST, { path: `${p}/channels/x/test`, params: { projectId: project.id, channelId: channel.id }, method: "POST", headers: { cookie } })).status).toBeLessThan(300);
    const deliveries = await (await call(deliveriesRoute.GET, { path: `${p}/channels/x/deliveries`, params: { projectId: project.id, channelId: channel.id }, headers: { cookie } })).json();
    await ingestBatch(db(), project.id, { events: [{ type: "error", name: "TypeError", message: "x is undefined" }] });
    const issues = await (await call(issuesRoute.GET, { path: `${p}/issues`, params: { projectId: project.id }, headers: { cookie } })).json();
    // A real id more often than not, so that requests get past the lookup.
    const id = (real: string) => (random.next() < 0.6 ? real : pick(ID_VALUES));

    /**
     * A valid body with up to two fields made hostile (or dropped), so the fuzz reaches
     * past the first check; now and then a body of nothing but hostile fields, or not JSON.
     */
    const body = (valid: Record<string, unknown>, fields: string[]): unknown => {
      const roll = random.next();
      if (roll < 0.05) return pick([deep(10_000), "{", "null", "[]", "\u0000", '{"name":"\\ud800"}', '{"name":"a\\u0000b"}']);
      const out: Record<string, unknown> = roll < 0.2 ? {} : { ...valid };
      for (let i = 0, n = roll < 0.2 ? fields.length : random.int(0, 3); i < n; i++) {
        const field = pick(fields);
        if (random.next() < 0.15) delete out[field];
        else out[field] = pick(HOSTILE);
      }
      return out;
    };
    const validKey = () => ({ name: pick(["ci", "deploy bot", "ключ 🔑"]), scopes: pick([["ingest"], ["read"], ["read", "ingest"]]) });
    const validChannel = () =>
      pick([
        { type: "webhook", name: "hook", url: `${receiver.url}/h` },
        { type: "email", name: "mail", recipients: { addresses: ["ops@example.test"] } },
        { type: "email", name: "team", recipients: { allMembers: true } },
      ]);
    const seen = new Map<string, number>();

    const { logs } = await withLogs(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const kind = round % 13;
        const headers = as();
        let res: Response;
        let what: string;
        if (kind === 0) {
          const b = body(validKey(), KEY_FIELDS);
          what = `POST api-keys ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(apiKeysRoute.POST, { path: `${p}/api-keys`, params: { projectId: project.id }, method: "POST", headers, body: b });
        } else if (kind === 1) {
          const keyId = id(key.id);
          what = `DELETE api-keys/${JSON.stringify(keyId)}`;
          res = await call(apiKeyRoute.DELETE, { path: `${p}/api-keys/x`, params: { projectId: project.id, keyId }, method: "DELETE", headers });
        } else if (kind === 2) {
          const q = pick(["", "?cursor=%00", "?limit=-1", "?x=%FF"]);
          what = `GET api-keys${q}`;
          res = await call(apiKeysRoute.GET, { path: `${p}/api-keys${q}`, params: { projectId: project.id }, headers });
        } else if (kind === 3) {
          const b = body(validChannel(), CHANNEL_FIELDS);
          what = `POST channels ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(channelsRoute.POST, { path: `${p}/channels`, params: { projectId: project.id }, method: "POST", headers, body: b });
        } else if (kind === 4) {
          const channelId = id(channel.id);
          const valid = pick([{ name: "renamed" }, { enabled: true }, { url: `${receiver.url}/h2` }]);
          const b = body(valid, CHANNEL_FIELDS.filter((f) => f !== "type"));
          what = `PATCH channels/${JSON.stringify(channelId)} ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(channelRoute.PATCH, { path: `${p}/channels/x`, params: { projectId: project.id, channelId }, method: "PATCH", headers, body: b });
        } else if (kind === 5) {
          const channelId = id(channel.id);
          const method = pick(["GET", "DELETE"] as const);
          what = `${method} channels/${JSON.stringify(channelId)}`;
          // Deleting the one real channel would leave the rest of the run only made-up ids.
          if (method === "DELETE" && channelId === channel.id) continue;
          res = await call(channelRoute[method], { path: `${p}/channels/x`, params: { projectId: project.id, channelId }, method, headers });
        } else if (kind === 6) {
          const channelId = id(channel.id);
          const route = pick(["test", "rotate-secret"] as const);
          what = `POST channels/${JSON.stringify(channelId)}/${route}`;
          res = await call((route === "test" ? testRoute : rotateRoute).POST, { path: `${p}/channels/x/${route}`, params: { projectId: project.id, channelId }, method: "POST", headers, body: random.next() < 0.3 ? body({}, CHANNEL_FIELDS) : undefined });
        } else if (kind === 7) {
          const channelId = id(channel.id);
          const q = pick(["", "?cursor=x", "?cursor=%00", "?limit=0", "?limit=1e9", "?status=%FF", "?limit=5"]);
          what = `GET channels/${JSON.stringify(channelId)}/deliveries${q}`;
          res = await call(deliveriesRoute.GET, { path: `${p}/channels/x/deliveries${q}`, params: { projectId: project.id, channelId }, headers });
        } else if (kind === 8) {
          const channelId = id(channel.id);
          const deliveryId = id(deliveries.data[0].id);
          what = `POST channels/${JSON.stringify(channelId)}/deliveries/${JSON.stringify(deliveryId)}/redeliver`;
          res = await call(redeliverRoute.POST, { path: `${p}/channels/x/deliveries/y/redeliver`, params: { projectId: project.id, channelId, deliveryId }, method: "POST", headers });
        } else if (kind === 9) {
          const issueId = id(issues.data[0].id);
          const b = body({ status: pick(["open", "resolved", "ignored"]) }, ["status", "extra"]);
          what = `PATCH issues/${JSON.stringify(issueId)} ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(issueRoute.PATCH, { path: `${p}/issues/x`, params: { projectId: project.id, issueId }, method: "PATCH", headers, body: b });
        } else if (kind === 10) {
          const which = pick(["dsn", "rotate", "firing", "project"] as const);
          what = `${which}`;
          if (which === "dsn") res = await call(sentryDsnRoute.GET, { path: `${p}/sentry-dsn`, params: { projectId: project.id }, headers });
          else if (which === "rotate") res = await call(sentryRotateRoute.POST, { path: `${p}/sentry-dsn/rotate`, params: { projectId: project.id }, method: "POST", headers, body: random.next() < 0.5 ? body({}, KEY_FIELDS) : undefined });
          else if (which === "firing") res = await call(firingRoute.GET, { path: `${p}/alerts/firing?x=${pick(["%00", "1", ""])}`, params: { projectId: project.id }, headers });
          else res = await call(projectRoute.GET, { path: p, params: { projectId: pick([project.id, ...ID_VALUES]) }, headers });
        } else if (kind === 11) {
          const job = random.next() < 0.5 ? pick(["fold", "dispatch"]) : pick(["alerts", "\u0000", "\ud800", "nope", "x".repeat(5000), "retention "]);
          const secret = `Bearer ${getSecrets().cronSecret}`;
          const authorization = random.next() < 0.5 ? secret : pick(["Bearer", `${secret} x`, "Basic x", "Bearer \u00ff", `${secret}x`, ""]);
          what = `GET cron/${JSON.stringify(job)} with ${JSON.stringify(authorization.slice(0, 12))}`;
          // The real jobs run against the whole test database; only the dispatcher and fold are quick enough to repeat.
          if (authorization === secret && (job === "alerts" || job === "retention ")) continue;
          res = await call(cronRoute.GET, { path: `/api/cron/x`, params: { job }, headers: authorization ? { authorization } : {} });
        } else {
          what = "GET health";
          res = await call(healthRoute.GET as never, { path: `/api/health?${pick(["", "x=%00", "%FF"])}`, params: {} });
        }
        what = `seed ${SEED}, round ${round}: ${what}`;
        seen.set(`${kind} ${res.status}`, (seen.get(`${kind} ${res.status}`) ?? 0) + 1);
        expect(res.status, what).toBeLessThan(500);
        if (res.status !== 204) expect(res.headers.get("content-type"), what).toMatch(/^application\/(problem\+)?json/);
        if (res.status === 400) {
          const problem = await res.json();
          expect(problem.errors?.length ?? 0, what).toBeGreaterThan(0);
          // "" is the JSON Pointer of the whole body (not JSON, not an object).
          for (const e of problem.errors) expect(e.pointer, what).toMatch(/^(\/|query\.|$)/);
        }
      }
    });
    await receiver.close();
    expect(logs.filter((l) => l.level === "error"), `seed ${SEED}`).toEqual([]);
    // Some requests of every kind got past validation.
    for (let kind = 0; kind < 13; kind++) expect([...seen.keys()].some((k) => k.startsWith(`${kind} 2`)), `kind ${kind}, seed ${SEED}: ${[...seen.keys()]}`).toBe(true);
  });
});
