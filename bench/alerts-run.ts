/**
 * The in-process half of bench/alerts.mjs, run with `node --import tsx` (the app's lib
 * without a build). On the real PostgreSQL: 1,000 projects with 10,000 rules (every metric,
 * a fifth grouped), telemetry seeded through `ingestBatch`, then
 *
 * - one live tick (`evaluateDueRules`: claim, set-based reads, state, incidents, outbox)
 *   over all 10,000 rules, at 1 M events and again at 10 M;
 * - the same reads one query (per family) per rule — the baseline the set-based reads are
 *   measured against, in the same run;
 * - the preview's 7-day replay on a busy project, p95 of repeated runs.
 *
 * Prints one line `@@ {json}` with the figures for the parent to write down.
 */
import { sql } from "drizzle-orm";
import { createRule } from "@/lib/alerts/rules";
import { createChannel } from "@/lib/notify/channels";
import { dispatchDue } from "@/lib/notify/dispatch";
import { previewRule } from "@/lib/alerts/preview";
import { readWindows, type EvaluatedRule } from "@/lib/alerts/readings";
import { definitionOf } from "@/lib/alerts/rules";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { registerUser } from "@/lib/auth/users";
import { migrateHandle, openPostgres, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { alertRules, type AlertRuleRow } from "@/lib/db/schema";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { MINUTE } from "@/lib/rollups/time";
import { generateSampleBatches } from "@/lib/sample-data/generator";
import { createOrganization } from "@/lib/tenancy/organizations";
import { createProject } from "@/lib/tenancy/projects";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1000);
const RULES_PER_PROJECT = Number(process.env.BENCH_RULES_PER_PROJECT ?? 10);
const EVENTS_SMALL = Number(process.env.BENCH_EVENTS_SMALL ?? 1_000_000);
const EVENTS_LARGE = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const BUSY = Number(process.env.BENCH_BUSY_PROJECTS ?? 10);
const TICKS = 5;
const PREVIEWS = 20;
const DAYS = 29.9;
const IN_FLIGHT = 8;

const log = (msg: string) => process.stderr.write(`[bench:alerts] ${msg}\n`);

/** Ten rules a project might hold: every metric over the 1,000 projects, a fifth of them grouped. */
function rulesFor(i: number): Record<string, unknown>[] {
  const all: Record<string, unknown>[] = [
    { metric: "request_error_rate", threshold: 2, windowMinutes: 10 },
    { metric: "request_latency", aggregation: "p95", threshold: 800, windowMinutes: 15, groupBy: i % 2 ? "route" : undefined },
    { metric: "invocation_error_rate", threshold: 5, windowMinutes: 15, groupBy: i % 2 ? undefined : "functionName" },
    { metric: "invocation_duration", aggregation: i % 3 ? "p99" : "avg", threshold: 1000, windowMinutes: 15 },
    { metric: "error_count", threshold: 100, windowMinutes: 60, compareTo: "previous_window", minSamples: 10 },
    { metric: i % 2 ? "new_issue" : "deployment_failed", windowMinutes: 5 },
    { metric: i % 2 ? "request_count" : "log_count", aggregation: "rate", comparator: "<", threshold: 0.1, windowMinutes: 30, groupBy: i % 5 === 0 ? "environment" : undefined },
    { metric: "vital", filter: { vital: "LCP" }, threshold: 2500, windowMinutes: 60, groupBy: i % 4 === 0 ? "route" : undefined },
    { metric: i % 2 ? "deployment_failure_rate" : "deployment_duration", aggregation: i % 2 ? "rate" : "p95", threshold: 20, windowMinutes: 1440 },
    { metric: "heartbeat", filter: { type: "request" }, windowMinutes: 15 },
  ];
  return all.map((r, k) => ({ name: `rule ${k}`, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) }));
}

async function seed(db: Db, projectIds: string[], eventsPerProject: number, seedNo: number, now: number): Promise<number> {
  let accepted = 0;
  const inFlight = new Set<Promise<void>>();
  let last = Date.now();
  for (const [i, projectId] of projectIds.entries()) {
    for (const events of generateSampleBatches({ now, days: DAYS, eventsPerDay: eventsPerProject / DAYS, seed: seedNo * 100_000 + i })) {
      const p: Promise<void> = ingestBatch(db, projectId, { events })
        .then((r) => void (accepted += r.accepted))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    if (Date.now() - last > 10_000) {
      log(`seeded ${accepted.toLocaleString("en-US")} events (${i + 1}/${projectIds.length} projects)`);
      last = Date.now();
    }
  }
  await Promise.all(inFlight);
  await foldRollups(db);
  return accepted;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * xs.length) - 1)];

async function measureTicks(db: Db, now: number) {
  const ticks: number[] = [];
  let last: Awaited<ReturnType<typeof evaluateDueRules>> | null = null;
  for (let i = 0; i < TICKS; i++) {
    await db.update(alertRules).set({ evaluatedThrough: null });
    const started = performance.now();
    last = await evaluateDueRules(db, { now: new Date(now) });
    ticks.push(performance.now() - started);
  }
  const rows = await db.select().from(alertRules);
  const rules: EvaluatedRule[] = rows.map((r: AlertRuleRow) => ({ ...definitionOf(r), id: r.id, projectId: r.projectId }));
  const end = Math.floor(now / MINUTE) * MINUTE;
  const setReads: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    const started = performance.now();
    await readWindows(db, rules, end);
    setReads.push(performance.now() - started);
  }
  // The baseline: the same reads, one rule at a time (one query per family the rule reads).
  const started = performance.now();
  for (const rule of rules) await readWindows(db, [rule], end);
  const perRule = performance.now() - started;
  return { rules: rules.length, tickMedianMs: median(ticks), tickMaxMs: Math.max(...ticks), setReadsMedianMs: median(setReads), perRuleReadsMs: perRule, summary: last };
}

async function measurePreview(db: Db, projectId: string, now: number) {
  const bodies = {
    "request p95 latency": { metric: "request_latency", aggregation: "p95", threshold: 800, windowMinutes: 15 },
    "error count vs previous hour": { metric: "error_count", threshold: 100, windowMinutes: 60, compareTo: "previous_window" },
    "LCP p75": { metric: "vital", filter: { vital: "LCP" }, threshold: 2500, windowMinutes: 60 },
  };
  const out: Record<string, { p95Ms: number; medianMs: number }> = {};
  for (const [name, rule] of Object.entries(bodies)) {
    const times: number[] = [];
    for (let i = 0; i < PREVIEWS; i++) {
      const started = performance.now();
      await previewRule(db, projectId, { range: "7d", rule }, new Date(now));
      times.push(performance.now() - started);
    }
    out[name] = { p95Ms: p95(times), medianMs: median(times) };
  }
  return out;
}

/**
 * Notifications: one tick fires 10 rules in each of 100 projects (1,000 incidents), each
 * project's rules notify its webhook channel on a local receiver — one project's receiver
 * never answers. Measures the time from the tick's commit to the last healthy delivery and
 * the dispatcher's CPU time.
 */
async function measureDispatch(db: Db, user: { id: string; email: string }, orgId: string) {
  const http = await import("node:http");
  let received = 0;
  let lastAt = 0;
  const live = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      lastAt = performance.now();
      res.writeHead(204).end();
    });
  });
  const dead = http.createServer(() => {
    // never answers: the dispatcher's 10 s timeout cuts it
  });
  await new Promise<void>((r) => live.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
  const port = (s: import("node:http").Server) => (s.address() as import("node:net").AddressInfo).port;
  const actor = { userId: user.id, email: user.email };
  const projects = 100;
  const rulesEach = 10;
  const now = Date.now();
  const minute = Math.floor(now / MINUTE) * MINUTE;
  for (let i = 0; i < projects; i++) {
    const project = await createProject(db, { org: { id: orgId, role: "owner" }, actor, name: `Notify ${i}` });
    const { channel } = await createChannel(db, { project, actor, body: { type: "webhook", name: "hook", url: `http://127.0.0.1:${port(i === 0 ? dead : live)}/hook` } });
    for (let r = 0; r < rulesEach; r++) {
      await createRule(db, { project, actor, body: { name: `5xx ${r}`, metric: "request_error_rate", threshold: 5, windowMinutes: 1, pendingMinutes: 0, minSamples: 0, channelIds: [channel.id] } });
    }
    await ingestBatch(db, project.id, { events: [{ type: "request", method: "GET", route: "/x", statusCode: 500, durationMs: 5, timestamp: minute - 30_000 }] });
  }
  await foldRollups(db);
  await evaluateDueRules(db, { now: new Date(now) });
  const [{ queued }] = await queryRows<{ queued: number }>(db, sql`select count(*)::int as queued from deliveries where status = 'pending'`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const dispatched = await dispatchDue(db, { now: new Date(now) });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  live.close();
  dead.close();
  dead.closeAllConnections();
  return {
    projects,
    incidents: queued,
    delivered: received,
    lastHealthyDeliveryMs: lastAt - started,
    dispatchRunMs: wall,
    cpuMs: (used.user + used.system) / 1000,
    deadReceiverFailures: dispatched.retrying,
  };
}

async function main() {
  const url = process.env.DATABASE_URL!;
  const handle = await openPostgres(url, 8, "vigil-bench-alerts");
  const db = handle.db;
  await migrateHandle(handle, url);
  const now = Date.now();
  log(`creating ${PROJECTS} projects with ${RULES_PER_PROJECT} rules each…`);
  const user = await registerUser(db, { email: `bench-alerts-${now}@example.test`, password: "bench alerts password", name: "Bench" });
  const actor = { userId: user.id, email: user.email };
  const org = await createOrganization(db, { actor, name: "Bench alerts" });
  const projectIds: string[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const project = await createProject(db, { org: { id: org.id, role: "owner" }, actor, name: `Project ${i}` });
    projectIds.push(project.id);
    for (const body of rulesFor(i).slice(0, RULES_PER_PROJECT)) await createRule(db, { project, actor, body });
  }
  log("notifications: 1,000 incidents over 100 projects…");
  const notifications = await measureDispatch(db, user, org.id);
  // Those projects' rules are not part of the tick measured below.
  await db.execute(sql`update alert_rules set enabled = false where project_id in (select id from projects where name like 'Notify %')`);
  const [{ grouped }] = await queryRows<{ grouped: number }>(db, sql`select count(*) filter (where group_by is not null)::int as grouped from alert_rules`);

  const seeding: { events: number; seconds: number }[] = [];
  let started = Date.now();
  log(`seeding ${EVENTS_SMALL.toLocaleString("en-US")} events…`);
  // The events go to the first BUSY projects (the generator walks every minute of 30 days
  // per project, so spreading 10 M events thinly over 1,000 projects costs hours of
  // generation); the other projects' rules run on empty windows, as a new tenant's do.
  const busy = projectIds.slice(0, BUSY);
  let total = await seed(db, busy, EVENTS_SMALL / BUSY, 1, now);
  seeding.push({ events: total, seconds: (Date.now() - started) / 1000 });
  await db.execute(sql`vacuum analyze`);
  log("measuring at the small dataset…");
  const small = { events: total, ...(await measureTicks(db, now)) };

  started = Date.now();
  log(`seeding up to ${EVENTS_LARGE.toLocaleString("en-US")} events…`);
  total += await seed(db, busy, (EVENTS_LARGE - EVENTS_SMALL) / BUSY, 2, now);
  seeding.push({ events: total, seconds: (Date.now() - started) / 1000 });
  await db.execute(sql`vacuum analyze`);
  log("measuring at the large dataset…");
  const large = { events: total, ...(await measureTicks(db, now)) };
  const preview = await measurePreview(db, projectIds[0], now);
  const [counts] = await queryRows(db, sql`select (select count(*) from rollups_minute)::float8 as minute, (select count(*) from rollups_hour)::float8 as hour, (select count(*) from incidents)::float8 as incidents`);
  process.stdout.write(`@@ ${JSON.stringify({ projects: PROJECTS, busy: BUSY, grouped, seeding, small, large, preview, counts, notifications })}\n`);
  await handle.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
