import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { createRule } from "@/lib/alerts/rules";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { incidents, issues } from "@/lib/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createChannel } from "@/lib/notify/channels";
import { createRandom } from "@/lib/sample-data/random";
import { useTestDatabase } from "./support/db";
import { actorOf, createTenant, sessionCookie } from "./support/factories";
import { withLogs } from "./support/logs";
import { useNextServer } from "./support/next-server";

/**
 * A seeded, bounded fuzz of the dashboard's pages as `next start` serves them to a signed-in
 * member: every page with hostile query parameters (the ones pages read, and others) and
 * hostile path segments where a page takes an id. The answer is never a 5xx, no part of a
 * page failed while streaming (Next marks those with an error digest and logs them), and
 * nothing the server did not expect is logged. FUZZ_SEED=<n> replays a run.
 */
const db = useTestDatabase();
const server = useNextServer();
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const ROUNDS = 240;

/** Already percent-encoded, as they travel. */
const HOSTILE_VALUES = [
  "%00", "a%00b", "%FF", "%C0%80", "%ED%A0%80", "%", "", "-1", "0", "1e400", "NaN", "9".repeat(30), "8640000000000001",
  "2026-13-45T99:99:99Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "now", "true", "'%20or%201%3D1--", "%5B%5D",
  "x".repeat(3000), "%E2%80%AE", "<script>", "1h", "24h", "7d", "30d", "hour", "error", "open", "resolved", "firing", "LCP", "GET",
  "lastSeen", "events", "x.y", "..%2F..", "javascript:alert(1)", "%2F%2Fevil.example",
];
const PARAMS = ["range", "from", "to", "interval", "environment", "status", "q", "sort", "level", "cursor", "branch", "route", "method", "functionName", "release", "live", "tab", "preset", "callbackUrl", "error"];
const HOSTILE_SEGMENTS = ["%00", "%ED%A0%80", "%FF", "x".repeat(300), "00000000-0000-0000-0000-000000000000", "not-an-id", "..", "%2e%2e", "a%2Fb", "%20"];

describe(`dashboard pages fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`never answer 5xx over ${ROUNDS} seeded page loads`, async () => {
    const tenant = await createTenant(db());
    const { project, org, user } = tenant;
    const now = Date.now();
    await ingestBatch(db(), project.id, {
      events: [
        { type: "deployment", deploymentId: "dpl_1", status: "succeeded", branch: "main", timestamp: now - 120_000 },
        { type: "invocation", functionName: "api/cart", durationMs: 12, status: "success", timestamp: now - 90_000 },
        { type: "request", method: "GET", route: "/api/items/[id]", statusCode: 500, durationMs: 8, timestamp: now - 90_000 },
        { type: "error", name: "TypeError", message: "x is undefined", timestamp: now - 90_000 },
        { type: "log", level: "error", message: "payment failed", timestamp: now - 90_000 },
        { type: "vital", name: "LCP", value: 1800, route: "/", timestamp: now - 90_000 },
      ],
    });
    const rule = await createRule(db(), { project, actor: actorOf(user), body: { name: "5xx", metric: "request_error_rate", threshold: -1, pendingMinutes: 0, minSamples: 0, noData: "alert" } });
    await evaluateDueRules(db(), { now: new Date(now + 60_000) });
    const { channel } = await createChannel(db(), { project, actor: actorOf(user), body: { type: "email", name: "ops", recipients: { allMembers: true } } });
    const [issue] = await db().select({ id: issues.id }).from(issues).where(eq(issues.projectId, project.id));
    const [incident] = await db().select({ id: incidents.id }).from(incidents).where(eq(incidents.projectId, project.id));
    const cookie = await sessionCookie(user);
    const p = `/${org.slug}/${project.slug}`;
    /** Pages, with the real id of a detail page in `{}` — replaced by a hostile segment now and then. */
    const PAGES = [
      "/", `/${org.slug}`, `/${org.slug}/settings`, `/${org.slug}/settings/members`, `/${org.slug}/settings/audit`, "/orgs/new", "/sign-in", "/sign-up",
      p, `${p}/deployments`, `${p}/functions`, `${p}/functions/{api}/cart`, `${p}/requests`, `${p}/requests/{GET}/api/items/[id]`, `${p}/errors`,
      `${p}/logs`, `${p}/vitals`, `${p}/alerts`, `${p}/alerts/rules/new`, `${p}/settings`, `${p}/settings/keys`, `${p}/settings/channels`,
      `${p}/settings/sentry`, `${p}/deployments/{dpl_1}`, `${p}/errors/{${issue.id}}`, `${p}/alerts/{${incident.id}}`, `${p}/alerts/rules/{${rule.id}}`,
      `${p}/settings/channels/{${channel.id}}`, "/invite/{nope}",
    ];
    const random = createRandom(SEED);
    const pick = <T,>(list: readonly T[]): T => random.pick(list);
    const statuses = new Map<number, number>();

    // Next reports a render failure with console.error, in this process (the server runs here).
    const consoleErrors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { logs } = await withLogs(async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const page = PAGES[round % PAGES.length].replace(/\{([^}]*)\}/g, (_, real: string) => (random.next() < 0.5 ? encodeURIComponent(real) : pick(HOSTILE_SEGMENTS)));
        const query: string[] = [];
        for (const name of PARAMS) if (random.next() < 0.15) query.push(`${name}=${pick(HOSTILE_VALUES)}`);
        const url = `${page}${query.length ? `?${query.join("&")}` : ""}`;
        const what = `seed ${SEED}, round ${round}: GET ${url}`;
        const res = await fetch(`${server()}${url}`, { headers: { cookie }, redirect: "manual" });
        const html = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, what).toBeLessThan(500);
        // A failure inside a streamed boundary: a digest that is not Next's own not-found or redirect.
        expect(html.match(/data-dgst="(?!NEXT_)[^"]*"/g) ?? [], what).toEqual([]);
        expect(consoleErrors.mock.calls.map((args) => String(args[0]).slice(0, 500)), what).toEqual([]);
      }
    }).finally(() => consoleErrors.mockRestore());
    expect(logs.filter((l) => l.level === "error"), `seed ${SEED}`).toEqual([]);
    // Most loads rendered a page; the fuzz is not only bouncing off the URL guard.
    expect(statuses.get(200) ?? 0, `seed ${SEED}: ${[...statuses]}`).toBeGreaterThan(ROUNDS / 3);
  });
});
