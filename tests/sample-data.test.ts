import { and, count, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { toActionError } from "@/lib/actions/action-result";
import { hasTelemetry, getOverview } from "@/lib/analytics/overview";
import { listIssuesQuery, listIssues } from "@/lib/analytics/issues";
import { resolveWindow } from "@/lib/analytics/window";
import { errorEvents, invocations } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { validateBatch } from "@/lib/ingest/ingest";
import { generateSampleBatches, MAX_BATCH_BYTES, type SampleEvent } from "@/lib/sample-data/generator";
import { loadSampleData, loadSampleDataAsMember, ProjectHasTelemetryError } from "@/lib/sample-data/load";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { getProjectBySlugs } from "@/lib/tenancy/projects";
import { useTestDatabase } from "./support/db";
import { actorOf, createTenant, createUser } from "./support/factories";

const db = useTestDatabase();
const DAY = 86_400_000;

function week(now: number, params: { seed?: number } = {}): SampleEvent[][] {
  return [...generateSampleBatches({ now, days: 7, ...params })];
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

describe("the sample-data generator", () => {
  const now = Date.now();
  const batches = week(now);
  const events = batches.flat();
  const of = <T extends SampleEvent["type"]>(type: T) => events.filter((e): e is Extract<SampleEvent, { type: T }> => e.type === type);

  it("is deterministic for a seed, and another seed gives other data", () => {
    expect(JSON.stringify(week(now))).toBe(JSON.stringify(batches));
    expect(JSON.stringify(week(now, { seed: 2 }))).not.toBe(JSON.stringify(batches));
  });

  it("yields a week of 20–40k events in batches the ingest API accepts whole", () => {
    expect(events.length).toBeGreaterThan(20_000);
    expect(events.length).toBeLessThan(40_000);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(1000);
      expect(Buffer.byteLength(JSON.stringify({ events: batch }))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      // Validated as the endpoint would validate it on receipt: nothing rejected.
      expect(validateBatch("prj_test", { events: batch }, new Date()).rejected).toEqual([]);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => e.timestamp as number);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 7 * DAY);
    expect(Math.max(...times)).toBeLessThan(now);
  });

  it("tells a realistic story: deployments, cold starts, a slow function, failing routes, all log levels, vitals of every rating", () => {
    const finals = of("deployment").filter((d) => ["succeeded", "failed", "canceled"].includes(d.status));
    expect(finals.length).toBeGreaterThanOrEqual(10);
    expect(finals.length).toBeLessThanOrEqual(22);
    expect(finals.some((d) => d.status === "failed")).toBe(true);
    expect(finals.filter((d) => d.status === "canceled")).toHaveLength(1);
    expect(new Set(of("deployment").map((d) => d.environment))).toEqual(new Set(["production", "preview"]));

    const calls = of("invocation");
    const names = new Set(calls.map((c) => c.functionName));
    expect(names.size).toBeGreaterThanOrEqual(5);
    const coldShare = calls.filter((c) => c.coldStart).length / calls.length;
    expect(coldShare).toBeGreaterThan(0.04);
    expect(coldShare).toBeLessThan(0.12);
    const slow = calls.filter((c) => c.functionName === "api/reports/export").map((c) => c.durationMs);
    expect(quantile(slow, 0.95)).toBeGreaterThan(3000);
    const errorRate = calls.filter((c) => c.status !== "success").length / calls.length;
    expect(errorRate).toBeGreaterThan(0.003);
    expect(errorRate).toBeLessThan(0.03);
    // Traffic links to the deployment serving it.
    expect(calls.filter((c) => c.deploymentId).length / calls.length).toBeGreaterThan(0.99);

    const reqs = of("request");
    expect(new Set(reqs.map((r) => `${r.method} ${r.route}`)).size).toBeGreaterThanOrEqual(8);
    expect(reqs.some((r) => r.statusCode >= 400 && r.statusCode < 500)).toBe(true);
    expect(reqs.some((r) => r.statusCode >= 500)).toBe(true);

    expect(new Set(of("log").map((l) => l.level))).toEqual(new Set(["debug", "info", "warn", "error", "fatal"]));
    const lcp = of("vital").filter((v) => v.name === "LCP").map((v) => v.value);
    expect(lcp.some((v) => v <= 2500) && lcp.some((v) => v > 2500 && v <= 4000) && lcp.some((v) => v > 4000)).toBe(true);

    const errors = of("error");
    expect(errors.some((e) => e.frames?.some((f) => f.inApp) && e.frames.some((f) => !f.inApp))).toBe(true);
    expect(errors.some((e) => e.stack)).toBe(true);
  });

  it("generates any slice of the window on its own, identical to the whole", () => {
    const start = now - 7 * DAY;
    const cut = start + 3 * DAY + 17 * 60_000;
    const part = (slice: { from?: number; to?: number }) => [...generateSampleBatches({ now, days: 7, slice })].flat();
    const joined = [...part({ to: cut }), ...part({ from: cut })];
    expect(joined.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});

describe("loadSampleData", () => {
  it("fills an empty project's dashboards through the ingest path, and refuses a project with telemetry", async () => {
    const { project } = await createTenant(db());
    const summary = await loadSampleData(db(), project.id);
    expect(summary.rejected).toBe(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.accepted).toBe(summary.sent);

    const overview = await getOverview(db(), project.id, resolveWindow({ range: "7d" }));
    expect(overview.totals.deployments).toBeGreaterThanOrEqual(10);
    expect(overview.totals.deploymentSuccessRate).toBeGreaterThan(0.5);
    expect(overview.totals.deploymentSuccessRate).toBeLessThan(1);
    expect(overview.totals.invocations).toBe(summary.byType.invocation);
    expect(overview.totals.requests).toBe(summary.byType.request);
    expect(overview.totals.errors).toBe(summary.byType.error);
    expect(overview.totals.functionDuration.p95).toBeGreaterThan(overview.totals.functionDuration.p50!);

    // Recurring errors group: hundreds of events, a handful of issues.
    const issues = await listIssues(db(), project.id, listIssuesQuery.parse({ sort: "events", limit: 50 }));
    expect(issues.data.length).toBeGreaterThanOrEqual(5);
    expect(issues.data.length).toBeLessThanOrEqual(12);
    expect(issues.data[0].eventCount).toBeGreaterThan(10);
    expect(issues.data.filter((i) => i.eventCount === 1).length).toBeGreaterThanOrEqual(3);

    const [{ unlinked }] = await db()
      .select({ unlinked: count() })
      .from(invocations)
      .where(and(eq(invocations.projectId, project.id), isNull(invocations.deploymentId)));
    expect(unlinked / summary.byType.invocation).toBeLessThan(0.01);

    await expect(loadSampleData(db(), project.id)).rejects.toBeInstanceOf(ProjectHasTelemetryError);
    const [{ n }] = await db().select({ n: count() }).from(errorEvents).where(eq(errorEvents.projectId, project.id));
    expect(n).toBe(summary.byType.error);
    // A week of telemetry through the whole ingest path: ~10 s on PGlite alone, more beside
    // the other test files in CI. A guard against a hang, not a speed check.
  }, 120_000);

  it("is for those who manage the project: a viewer gets a message and the project stays empty", async () => {
    const { user, org, project } = await createTenant(db());
    const viewer = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: org.id, role: "owner" }, actor: actorOf(user), input: { role: "viewer" } });
    await acceptInvitation(db(), { token, actor: actorOf(viewer) });
    // What the server action resolves for the signed-in viewer, then runs.
    const access = await getProjectBySlugs(db(), { userId: viewer.id, orgSlug: org.slug, projectSlug: project.slug });
    const attempt = loadSampleDataAsMember(db(), access);
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    const state = toActionError(await attempt.catch((e: unknown) => e));
    expect(state).toMatchObject({ status: "error", message: expect.stringContaining("viewer") });
    expect(await hasTelemetry(db(), project.id)).toBe(false);
  });
});
