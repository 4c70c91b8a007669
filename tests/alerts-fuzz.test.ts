import { describe, expect, it } from "vitest";
import * as acknowledgeRoute from "@/app/api/v1/projects/[projectId]/alerts/[incidentId]/acknowledge/route";
import * as previewRoute from "@/app/api/v1/projects/[projectId]/alert-rules/preview/route";
import * as ruleRoute from "@/app/api/v1/projects/[projectId]/alert-rules/[ruleId]/route";
import * as rulesRoute from "@/app/api/v1/projects/[projectId]/alert-rules/route";
import * as inboxReadRoute from "@/app/api/v1/inbox/read/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import { alertMetrics } from "@/lib/db/schema";
import { createRandom } from "@/lib/sample-data/random";
import { useTestDatabase } from "./support/db";
import { createTenant, sessionCookie } from "./support/factories";
import { call } from "./support/http";
import { withLogs } from "./support/logs";

/**
 * A seeded, bounded fuzz of the alerting endpoints that take bodies and ids: rules (create,
 * edit), the preview, acknowledging and the inbox. Whatever arrives, the answer is never a
 * 5xx, and a 400 points into the body. FUZZ_SEED=<n> replays a run.
 */
const db = useTestDatabase();
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const ROUNDS = 300;

const HOSTILE: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, "", " ", "\u0000", "a\u0000b", "\ud800", "x".repeat(5000), "NaN", "1e400",
  [], [null], {}, { "": 1 }, { __proto__: { x: 1 } }, "2026-13-45T00:00:00Z", "9999-12-31T23:59:59.999Z", "p95", ">", "vital",
  ["chn_nope"], ["\u0000"], { environment: "\u0000" }, { vital: "LCP" }, { route: "/x", method: "get" }, 1440, 1441, 10080, "previous_window",
];
const FIELDS = [
  "name", "metric", "filter", "groupBy", "aggregation", "comparator", "threshold", "resolveThreshold", "windowMinutes", "compareTo",
  "minSamples", "pendingMinutes", "renotifyMinutes", "severity", "noData", "notifyOnResolve", "mutedUntil", "enabled", "channelIds", "extra",
];
const ID_VALUES = ["\u0000", "\ud800", "", "x".repeat(5000), "inc_nope", "rul_nope", "'; drop table incidents; --"];

/** Deep JSON nesting, as a hostile client would send to blow a recursive parser. */
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

describe(`alerting write endpoints fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`never answers 5xx over ${ROUNDS} seeded requests`, async () => {
    const { user, project } = await createTenant(db());
    const cookie = await sessionCookie(user);
    const headers = { cookie };
    const random = createRandom(SEED);
    const pick = <T,>(list: readonly T[]): T => random.pick(list);
    const p = `/api/v1/projects/${project.id}`;
    const created = await (await call(rulesRoute.POST, { path: `${p}/alert-rules`, params: { projectId: project.id }, method: "POST", headers, body: { name: "base", metric: "error_count", threshold: 1 } })).json();

    const body = () => {
      if (random.next() < 0.05) return pick([deep(10_000), "{", "null", "[]", "\u0000", `{"name":"${"\\ud800"}"}`]);
      const out: Record<string, unknown> = {};
      if (random.next() < 0.7) out.metric = pick(alertMetrics);
      for (const f of FIELDS) if (random.next() < 0.3) out[f] = pick(HOSTILE);
      return out;
    };
    const { logs } = await withLogs(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const kind = round % 5;
        let res: Response;
        let what: string;
        if (kind === 0) {
          const b = body();
          what = `POST alert-rules ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(rulesRoute.POST, { path: `${p}/alert-rules`, params: { projectId: project.id }, method: "POST", headers, body: b });
        } else if (kind === 1) {
          const ruleId = random.next() < 0.7 ? created.id : pick(ID_VALUES);
          const b = body();
          what = `PATCH alert-rules/${JSON.stringify(ruleId)} ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(ruleRoute.PATCH, { path: `${p}/alert-rules/x`, params: { projectId: project.id, ruleId }, method: "PATCH", headers, body: b });
        } else if (kind === 2) {
          const b = random.next() < 0.8 ? { range: pick(["1h", "24h", "7d", "30d", 1, null]), rule: body() } : body();
          what = `POST preview ${JSON.stringify(b).slice(0, 300)}`;
          res = await call(previewRoute.POST, { path: `${p}/alert-rules/preview`, params: { projectId: project.id }, method: "POST", headers, body: b });
        } else if (kind === 3) {
          const incidentId = pick(ID_VALUES);
          what = `POST acknowledge ${JSON.stringify(incidentId)}`;
          res = await call(acknowledgeRoute.POST, { path: `${p}/alerts/x/acknowledge`, params: { projectId: project.id, incidentId }, method: "POST", headers });
        } else {
          const b = random.next() < 0.5 ? { ids: [pick(ID_VALUES), pick(ID_VALUES)] } : pick([{ all: true }, { all: false }, { ids: [] }, {}, body()]);
          what = `POST inbox/read ${JSON.stringify(b).slice(0, 300)}`;
          res =
            random.next() < 0.8
              ? await call(inboxReadRoute.POST, { path: "/api/v1/inbox/read", params: {}, method: "POST", headers, body: b })
              : await call(inboxRoute.GET, { path: `/api/v1/inbox?unread=${pick(["true", "x", "%00"])}&cursor=${pick(["x", "%00", ""])}`, params: {}, headers });
        }
        what = `seed ${SEED}, round ${round}: ${what}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status === 400) {
          const problem = await res.json();
          expect(problem.errors?.length ?? 0, what).toBeGreaterThan(0);
          // "" is the JSON Pointer of the whole body (not JSON, not an object).
          for (const e of problem.errors) expect(e.pointer, what).toMatch(/^(\/|query\.|$)/);
        }
      }
    });
    expect(logs.filter((l) => l.level === "error"), `seed ${SEED}`).toEqual([]);
  });
});
