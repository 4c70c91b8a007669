import { describe, expect, it } from "vitest";
import * as deploymentRoute from "@/app/api/v1/projects/[projectId]/deployments/[deploymentId]/route";
import * as deploymentsRoute from "@/app/api/v1/projects/[projectId]/deployments/route";
import * as functionsRoute from "@/app/api/v1/projects/[projectId]/functions/route";
import * as issueRoute from "@/app/api/v1/projects/[projectId]/issues/[issueId]/route";
import * as issuesRoute from "@/app/api/v1/projects/[projectId]/issues/route";
import * as logsRoute from "@/app/api/v1/projects/[projectId]/logs/route";
import * as overviewRoute from "@/app/api/v1/projects/[projectId]/overview/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import * as requestsRoute from "@/app/api/v1/projects/[projectId]/requests/route";
import * as vitalsRoute from "@/app/api/v1/projects/[projectId]/vitals/route";
import * as alertRulesRoute from "@/app/api/v1/projects/[projectId]/alert-rules/route";
import * as alertRuleRoute from "@/app/api/v1/projects/[projectId]/alert-rules/[ruleId]/route";
import * as presetsRoute from "@/app/api/v1/projects/[projectId]/alert-rule-presets/route";
import * as incidentsRoute from "@/app/api/v1/projects/[projectId]/alerts/route";
import * as incidentRoute from "@/app/api/v1/projects/[projectId]/alerts/[incidentId]/route";
import { createRule } from "@/lib/alerts/rules";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { encodeCursor } from "@/lib/pagination";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createRandom } from "@/lib/sample-data/random";
import { useTestDatabase } from "./support/db";
import { createApiKey, createTenant } from "./support/factories";
import { bearer, call } from "./support/http";
import { withLogs } from "./support/logs";

/**
 * A seeded, bounded fuzz of every read endpoint and every one of its query and path
 * parameters: whatever a client sends, the answer is never a 5xx, always JSON, and a 400
 * points at the parameter (`query.<name>`). FUZZ_SEED=<n> replays a run; every failure
 * message carries the seed and the request.
 */
const db = useTestDatabase();
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const ROUNDS = 400;

/** Raw, already percent-encoded query values: what a hostile client can put on the wire. */
const HOSTILE_VALUES = [
  "%00", "a%00b", "%00%00%00", "%FF", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%E0%A4%A", "%", "%%", "%2",
  "", "%20", "+", "-1", "0", "1", "1.5", "1e400", "NaN", "Infinity", "-0", "9".repeat(30), "99999999999999",
  "8640000000000001", "253402300800000", "2026-13-45T99:99:99Z", "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
  "9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2026-11-30T12:00:00+14:00", "now", "true", "null",
  "'%20or%201%3D1--", "%27", "%22", "%5C", "%25", "_", "%5B%5D", "%7B%7D", "a,b,c", ",,,", "error,fatal,nope",
  "x".repeat(5000), "%E2%80%AE", "%F0%9F%92%A5", "<script>", "..%2F..%2Fetc%2Fpasswd", "%0A%0D", "%09",
  "lastSeen", "events", "resolved", "1h", "24h", "7d", "30d", "minute", "hour", "day", "GET", "get", "/api/items/[id]",
];

/** Cursors: garbage, decodable forgeries, and real cursors of the wrong list or edited. */
function hostileCursors(): string[] {
  const b64 = (text: string) => Buffer.from(text).toString("base64url");
  const real = encodeCursor("logs", { t: new Date().toISOString(), id: "00000000-0000-0000-0000-000000000000" });
  const [payload, signature] = real.split(".");
  return [
    "x", "....", ".", real + "x", `${payload}.`, `.${signature}`, `${payload}.${signature}.${signature}`,
    `${b64(JSON.stringify({ t: "yesterday", id: "x" }))}.${signature}`,
    b64(JSON.stringify({ t: "not a time", id: "not a uuid" })),
    b64(JSON.stringify({ t: 1, id: 2 })),
    b64("[]"), b64("null"), b64("{"), b64("\u0000"),
    real,
    encodeCursor("issues:events", { t: "not a count", id: "nope" }),
    encodeCursor("deployments", { t: "2026-11-30 10:00:00+00", id: "dpl_1" }),
    encodeCursor("audit-log", { t: new Date().toISOString(), id: "x" }),
    encodeCursor("incidents", { t: "1:not a time", id: "x" }),
    encodeCursor("incidents", { t: "", id: "" }),
  ].map(encodeURIComponent);
}

interface Endpoint {
  name: string;
  handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  params: string[];
  pathParams?: string[];
}

const WINDOW = ["range", "from", "to", "interval"];
const PAGE = ["limit", "cursor"];
const ENDPOINTS: Endpoint[] = [
  { name: "project", handler: projectRoute.GET as Endpoint["handler"], params: [] },
  { name: "overview", handler: overviewRoute.GET as Endpoint["handler"], params: [...WINDOW, "environment"] },
  { name: "deployments", handler: deploymentsRoute.GET as Endpoint["handler"], params: [...WINDOW, ...PAGE, "status", "environment", "branch"] },
  { name: "deployment", handler: deploymentRoute.GET as Endpoint["handler"], params: [], pathParams: ["deploymentId"] },
  { name: "functions", handler: functionsRoute.GET as Endpoint["handler"], params: [...WINDOW, "functionName"] },
  { name: "requests", handler: requestsRoute.GET as Endpoint["handler"], params: [...WINDOW, "method", "route"] },
  { name: "logs", handler: logsRoute.GET as Endpoint["handler"], params: [...WINDOW, ...PAGE, "q", "level"] },
  { name: "issues", handler: issuesRoute.GET as Endpoint["handler"], params: [...WINDOW, ...PAGE, "status", "q", "environment", "release", "sort"] },
  { name: "issue", handler: issueRoute.GET as Endpoint["handler"], params: [], pathParams: ["issueId"] },
  { name: "vitals", handler: vitalsRoute.GET as Endpoint["handler"], params: [...WINDOW, "route"] },
  { name: "alert-rules", handler: alertRulesRoute.GET as Endpoint["handler"], params: [] },
  { name: "alert-rule", handler: alertRuleRoute.GET as Endpoint["handler"], params: [], pathParams: ["ruleId"] },
  { name: "alert-rule-presets", handler: presetsRoute.GET as Endpoint["handler"], params: [] },
  { name: "alerts", handler: incidentsRoute.GET as Endpoint["handler"], params: [...PAGE, "status", "ruleId"] },
  { name: "alert", handler: incidentRoute.GET as Endpoint["handler"], params: [], pathParams: ["incidentId"] },
];

/** Path parameters as Next hands them over: already percent-decoded. */
const HOSTILE_PATH_VALUES = [
  "\u0000", "dpl\u0000", "\ud800", "\udfff", "a\ud800b", "", " ", "x".repeat(5000), "00000000-0000-0000-0000-000000000000",
  "not-a-uuid", "'; drop table issues; --", "..", "%00", "\uFFFD", "dpl_1",
];

describe(`read API fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`never answers 5xx, over ${ROUNDS} seeded requests across every endpoint and parameter`, async () => {
    const tenant = await createTenant(db());
    const now = Date.now();
    await ingestBatch(db(), tenant.project.id, {
      events: [
        { type: "deployment", deploymentId: "dpl_1", status: "succeeded", branch: "main", timestamp: now - 60_000 },
        { type: "invocation", functionName: "api/cart", durationMs: 12, status: "success" },
        { type: "request", method: "GET", route: "/api/items/[id]", statusCode: 200, durationMs: 8 },
        { type: "error", name: "TypeError", message: "x is undefined", release: "1.0.0" },
        { type: "log", level: "error", message: "payment failed" },
        { type: "vital", name: "LCP", value: 1800, route: "/" },
      ],
    });
    const rule = await createRule(db(), { project: tenant.project, actor: null, body: { name: "5xx", metric: "request_error_rate", threshold: -1, pendingMinutes: 0, minSamples: 0, noData: "alert" } });
    await evaluateDueRules(db(), { now: new Date(now + 60_000) });
    const key = await createApiKey(db(), tenant, ["read"]);
    const incidents = await (await call(incidentsRoute.GET as Endpoint["handler"], { path: "/x", params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
    const issues = await (await call(issuesRoute.GET as Endpoint["handler"], { path: "/x", params: { projectId: tenant.project.id }, headers: bearer(key) })).json();
    const validPath: Record<string, string> = { deploymentId: "dpl_1", issueId: issues.data[0].id, ruleId: rule.id, incidentId: incidents.data[0].id };
    // Each endpoint answers a plain request: the fuzz below starts from working endpoints.
    for (const endpoint of ENDPOINTS) {
      const params: Record<string, string> = { projectId: tenant.project.id };
      for (const name of endpoint.pathParams ?? []) params[name] = validPath[name];
      const res = await call(endpoint.handler, { path: `/api/v1/projects/${tenant.project.id}/${endpoint.name}`, params, headers: bearer(key) });
      expect(res.status, endpoint.name).toBe(200);
    }
    const random = createRandom(SEED);
    const pick = <T,>(list: readonly T[]): T => random.pick(list);
    const cursors = hostileCursors();
    const seen = new Map<string, number>();

    const { logs } = await withLogs(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const endpoint = ENDPOINTS[round % ENDPOINTS.length];
        const query: string[] = [];
        for (const name of endpoint.params) {
          if (random.next() < 0.5) continue;
          const value = name === "cursor" && random.next() < 0.7 ? pick(cursors) : pick(HOSTILE_VALUES);
          query.push(`${random.next() < 0.05 ? "%00" : name}=${value}`);
          if (random.next() < 0.1) query.push(`${name}=${pick(HOSTILE_VALUES)}`); // repeated parameter
        }
        const params: Record<string, string> = { projectId: tenant.project.id };
        for (const name of endpoint.pathParams ?? []) params[name] = pick(HOSTILE_PATH_VALUES);
        const path = `/api/v1/projects/${tenant.project.id}/${endpoint.name}?${query.join("&")}`;
        const what = `seed ${SEED}, round ${round}: GET ${path} ${JSON.stringify(params)}`;

        const res = await call(endpoint.handler, { path, params, headers: bearer(key) });
        seen.set(`${endpoint.name} ${res.status}`, (seen.get(`${endpoint.name} ${res.status}`) ?? 0) + 1);
        expect(res.status, what).toBeLessThan(500);
        expect(res.headers.get("content-type"), what).toMatch(/^application\/(problem\+)?json/);
        const body = await res.json();
        if (res.status === 400) {
          expect(body.errors?.length, what).toBeGreaterThan(0);
          for (const error of body.errors) expect(error.pointer, what).toMatch(/^query\./);
        }
      }
    });
    // No request was an unhandled failure, even one answered with a 4xx.
    expect(logs.filter((l) => l.level === "error"), `seed ${SEED}`).toEqual([]);
    // The fuzz reached every endpoint, and got past validation on some of them.
    for (const endpoint of ENDPOINTS) expect([...seen.keys()].some((k) => k.startsWith(`${endpoint.name} `)), endpoint.name).toBe(true);
    expect([...seen.keys()].some((k) => k.endsWith(" 200")), `seed ${SEED}`).toBe(true);
  });
});
