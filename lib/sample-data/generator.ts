import { z } from "zod";
import { MAX_EVENTS_PER_BATCH } from "@/lib/ingest/schema";
import {
  FUNCTION_TIMEOUT_MS,
  FUNCTIONS,
  ONE_OFF_ERRORS,
  PAGES,
  RECURRING_ERRORS,
  REGION_WEIGHTS,
  REGIONS,
  ROUTES,
  VITAL_NAMES,
  VITAL_WEIGHTS,
  type Frame,
  type FunctionProfile,
  type RecurringErrorKey,
  type RouteProfile,
} from "./catalog";
import { deploymentEvents, LiveDeployments, planDeployments, type PlannedDeployment } from "./deployments";
import { logEvent } from "./logs";
import { createRandom, mixSeed, type Random } from "./random";
import type { SampleEvent } from "./types";

export type { SampleEvent } from "./types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** API.md's body cap; the envelope and commas are counted too. */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** Ingest accepts 30 days back; the generator never goes further. */
const MAX_DAYS = 30;

export const sampleDataParams = z.object({
  /** The window ends here (exclusive); nothing is generated after it. */
  now: z.union([z.date().transform((d) => d.getTime()), z.number().int().nonnegative()]),
  /** Window length. At most 30, ingest's horizon; leave a margin when ingest runs long after `now`. */
  days: z.number().positive().max(MAX_DAYS),
  /** Traffic events (requests, invocations, logs, vitals) per day, on average; errors and deployments come on top. */
  eventsPerDay: z.number().positive().max(100_000_000).default(4_000),
  seed: z.number().int().nonnegative().default(1),
  batchSize: z.number().int().min(1).max(MAX_EVENTS_PER_BATCH).default(MAX_EVENTS_PER_BATCH),
  /**
   * Generate only the minutes that start in [from, to) — the same events the whole window
   * holds there — so that several workers can share a large window.
   */
  slice: z.object({ from: z.number().optional(), to: z.number().optional() }).optional(),
});
export type SampleDataParams = z.input<typeof sampleDataParams>;

/** Share of traffic events by type (errors follow from failures; deployments are planned). */
const TRAFFIC_TYPES = ["request", "invocation", "log", "vital"] as const;
const TRAFFIC_WEIGHTS = [40, 32, 21, 7] as const;
const PREVIEW_SHARE = 0.06;
/** After a deployment goes live its functions start cold: the cold-start rate jumps for a while. */
const WARMUP_MS = 10 * MINUTE;
/** A faulty release multiplies checkout's failure rate by this while it is live. */
const FAULTY_FACTOR = 6;

/**
 * Traffic relative to the daily mean: a peak around 15:00 UTC (European afternoon,
 * American morning), a trough at night, and quieter weekends. Averages ≈ 1 over a week.
 */
export function trafficShape(t: number): number {
  const hour = (t % DAY) / HOUR;
  const weekday = new Date(t).getUTCDay();
  const weekFactor = weekday === 0 || weekday === 6 ? 0.8 : 1.08;
  return weekFactor * (1 + 0.55 * Math.cos((2 * Math.PI * (hour - 15)) / 24));
}

interface MinuteContext {
  r: Random;
  now: number;
  seed: number;
  minute: number;
  live: LiveDeployments;
  counter: number;
}

/**
 * A realistic, deterministic stream of telemetry for the window [now − days, now), in
 * API.md's ingest shape, as batches of at most `batchSize` events and 1 MiB of JSON. Every
 * minute of the window is generated from its own seed, so memory stays flat however large
 * the window (10 million events stream through), and a slice of the window can be
 * generated on its own. Event ids follow from the seed and the event's place in the window,
 * so loading the same seed into a project twice stores it once (ingest deduplicates ids).
 */
export function* generateSampleBatches(input: SampleDataParams): Generator<SampleEvent[]> {
  const p = sampleDataParams.parse(input);
  const end = p.now;
  const start = end - Math.round(p.days * DAY);
  const plan = planDeployments(p.seed, start, end);
  const live = new LiveDeployments(plan);
  const planned = [...deploymentEvents(p.seed, plan, end), ...oneOffErrors(p.seed, start, end, live)].sort((a, b) => (a.timestamp as number) - (b.timestamp as number));

  let batch: SampleEvent[] = [];
  // `{"events":[` + `]}`; each event adds its JSON and a comma.
  let bytes = 13;
  const sliceFrom = p.slice?.from ?? -Infinity;
  const sliceTo = p.slice?.to ?? Infinity;
  let plannedIndex = 0;

  for (let minute = 0; start + minute * MINUTE < end; minute++) {
    const slotStart = start + minute * MINUTE;
    if (slotStart < sliceFrom) continue;
    if (slotStart >= sliceTo) break;
    const slotEnd = Math.min(slotStart + MINUTE, end);
    const events: SampleEvent[] = [];
    while (plannedIndex < planned.length && (planned[plannedIndex].timestamp as number) < slotStart) plannedIndex++;
    while (plannedIndex < planned.length && (planned[plannedIndex].timestamp as number) < slotEnd) events.push(planned[plannedIndex++]);
    minuteOfTraffic({ r: createRandom(mixSeed(p.seed, minute)), now: end, seed: p.seed, minute, live, counter: 0 }, slotStart, slotEnd, p.eventsPerDay, events);

    for (const event of events) {
      const size = JSON.stringify(event).length + 1;
      if (batch.length >= p.batchSize || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
        yield batch;
        batch = [];
        bytes = 13;
      }
      batch.push(event);
      bytes += size;
    }
  }
  if (batch.length > 0) yield batch;
}

/** All of one minute's traffic events, appended to `out`. */
function minuteOfTraffic(ctx: MinuteContext, slotStart: number, slotEnd: number, eventsPerDay: number, out: SampleEvent[]): void {
  const { r } = ctx;
  // A little noise per minute so charts do not look drawn with a ruler.
  const expected = (eventsPerDay / (DAY / MINUTE)) * trafficShape(slotStart) * ((slotEnd - slotStart) / MINUTE) * r.logNormal(1, 0.15);
  const count = Math.floor(expected) + (r.chance(expected % 1) ? 1 : 0);
  const production = ctx.live.at("production", slotStart);
  const preview = ctx.live.at("preview", slotStart);
  for (let i = 0; i < count; i++) {
    const onPreview = preview !== undefined && r.chance(PREVIEW_SHARE);
    const deployment = onPreview ? preview : production;
    const environment = onPreview ? "preview" : "production";
    const timestamp = slotStart + Math.floor(r.next() * (slotEnd - slotStart));
    const type = r.weighted(TRAFFIC_TYPES, TRAFFIC_WEIGHTS);
    const base = { id: nextId(ctx), timestamp, environment, deploymentId: deployment?.id };
    if (type === "request") out.push(...requestEvents(ctx, base, deployment));
    else if (type === "invocation") out.push(...invocationEvents(ctx, base, deployment));
    else if (type === "log") out.push(logEvent(r, base));
    else out.push(vitalEvent(r, base));
  }
}

function nextId(ctx: MinuteContext): string {
  return `smp${ctx.seed}-${ctx.minute.toString(36)}-${(ctx.counter++).toString(36)}`;
}

type Base = { id: string; timestamp: number; environment: string; deploymentId: string | undefined };

const round1 = (x: number) => Math.round(x * 10) / 10;
const functionWeights = FUNCTIONS.map((f) => f.weight);
const routeWeights = ROUTES.map((r) => r.weight);
const pageWeights = PAGES.map((p) => p.weight);
const PRODUCT_SLUGS = ["blue-hoodie", "canvas-tote", "trail-runner-2", "wool-beanie", "linen-shirt", "ceramic-mug", "desk-lamp", "travel-backpack"];

function requestEvents(ctx: MinuteContext, base: Base, deployment: PlannedDeployment | undefined): SampleEvent[] {
  const { r } = ctx;
  const route: RouteProfile = r.weighted(ROUTES, routeWeights);
  const serverErrorRate = route.errorKind === "checkoutTotals" && deployment?.faulty ? route.serverErrorRate * FAULTY_FACTOR : route.serverErrorRate;
  const u = r.next();
  const statusCode = u < serverErrorRate ? r.weighted([500, 502, 503], [6, 1, 2]) : u < serverErrorRate + route.clientErrorRate ? r.pick(route.clientErrors) : route.method === "POST" && route.route === "/api/cart" ? 201 : 200;
  const id = route.route.includes("[slug]") ? r.pick(PRODUCT_SLUGS) : `${r.int(1000, 99_999)}`;
  // Failed requests are often slow (timeouts, retries); 404s are fast.
  const durationMs = round1(r.logNormal(route.medianMs, route.sigma) * (statusCode >= 500 ? 3 : statusCode === 404 ? 0.4 : 1));
  const request: SampleEvent = {
    type: "request",
    ...base,
    method: route.method,
    route: route.route,
    path: route.path(id),
    statusCode,
    durationMs,
    region: r.weighted(REGIONS, REGION_WEIGHTS),
  };
  const events: SampleEvent[] = [request];
  if (statusCode >= 500 && r.chance(0.8)) events.push(recurringError(ctx, route.errorKind, base, deployment, { route: route.route }));
  // Pages load code-split chunks in the browser; after a deploy, old tabs sometimes miss them.
  if (route.route === "/products/[slug]" && r.chance(0.008)) events.push(recurringError(ctx, "chunkLoad", base, deployment, { route: route.route }));
  if (route.route === "/api/webhooks/stripe" && r.chance(0.05)) events.push(recurringError(ctx, "stripeRateLimit", base, deployment, {}));
  return events;
}

function invocationEvents(ctx: MinuteContext, base: Base, deployment: PlannedDeployment | undefined): SampleEvent[] {
  const { r } = ctx;
  const fn: FunctionProfile = r.weighted(FUNCTIONS, functionWeights);
  const warming = deployment !== undefined && base.timestamp - deployment.finishedAt < WARMUP_MS;
  const coldStart = r.chance(warming ? Math.min(1, fn.coldStartRate * 4) : fn.coldStartRate);
  const errorRate = fn.errorKind === "checkoutTotals" && deployment?.faulty ? fn.errorRate * FAULTY_FACTOR : fn.errorRate;
  const failed = r.chance(errorRate);
  const timedOut = failed && r.chance(fn.timeoutShare);
  // Cold starts pay for loading the bundle and opening connections: a few hundred ms.
  let durationMs = r.logNormal(fn.medianMs, fn.sigma) + (coldStart ? r.logNormal(450, 0.4) : 0);
  if (timedOut) durationMs = FUNCTION_TIMEOUT_MS;
  else if (!failed && durationMs >= FUNCTION_TIMEOUT_MS) durationMs = FUNCTION_TIMEOUT_MS - r.int(1, 400);
  const invocation: SampleEvent = {
    type: "invocation",
    ...base,
    functionName: fn.name,
    durationMs: round1(durationMs),
    status: timedOut ? "timeout" : failed ? "error" : "success",
    coldStart,
    memoryUsedMb: Math.round(fn.memoryMb * (0.7 + 0.5 * r.next())),
    region: r.weighted(REGIONS, REGION_WEIGHTS),
    statusCode: timedOut ? 504 : failed ? 500 : 200,
  };
  const events: SampleEvent[] = [invocation];
  // Most failures are reported by the SDK; outside the report export, a timeout is a wait
  // on the database pool, so it surfaces as the connection error.
  if (failed && r.chance(0.8)) events.push(recurringError(ctx, timedOut && fn.errorKind !== "reportTimeout" ? "dbConnection" : fn.errorKind, base, deployment, { functionName: fn.name }));
  return events;
}

function vitalEvent(r: Random, base: Base): SampleEvent {
  const page = r.weighted(PAGES, pageWeights);
  const name = r.weighted(VITAL_NAMES, VITAL_WEIGHTS);
  const [median, sigma] = page.vitals[name];
  const raw = r.logNormal(median, sigma);
  return { type: "vital", ...base, name, value: name === "CLS" ? Math.round(raw * 1000) / 1000 : Math.round(raw), route: page.route };
}

/** Line numbers move between releases; grouping must (and does) ignore them. */
function shiftFrames(frames: Frame[], deployment: PlannedDeployment | undefined): Frame[] {
  const shift = deployment ? parseInt(deployment.commitSha.slice(0, 2), 16) % 7 : 0;
  return frames.map((f) => (f.inApp ? { ...f, lineno: f.lineno + shift } : f));
}

function recurringError(
  ctx: MinuteContext,
  kind: RecurringErrorKey,
  base: Base,
  deployment: PlannedDeployment | undefined,
  where: { route?: string; functionName?: string },
): SampleEvent {
  const { r } = ctx;
  const spec = RECURRING_ERRORS[kind];
  const n = r.int(0, 1_000_000);
  const browser = kind === "chunkLoad";
  return {
    type: "error",
    id: nextId(ctx),
    timestamp: Math.min(base.timestamp + r.int(1, 50), ctx.now - 1),
    environment: base.environment,
    deploymentId: base.deploymentId,
    name: spec.name,
    message: spec.message(r.base62(10), n),
    ...(spec.frames ? { frames: shiftFrames(spec.frames, deployment) } : {}),
    ...(spec.stack ? { stack: spec.stack(n) } : {}),
    ...(spec.fingerprint ? { fingerprint: spec.fingerprint } : {}),
    level: spec.level,
    release: deployment?.commitSha.slice(0, 7),
    route: where.route ?? spec.route,
    functionName: where.functionName ?? spec.functionName,
    userId: r.chance(0.7) ? `usr_${r.int(1, 900).toString(36).padStart(3, "0")}` : undefined,
    attributes: browser ? { browser: r.weighted(["Chrome 131", "Safari 18", "Firefox 133"], [6, 3, 1]), url: `https://shop.example.com/products/${r.pick(PRODUCT_SLUGS)}` } : { runtime: "nodejs22.x" },
  };
}

/** Each one-off error once, spread over the window, on the production deployment of its time. */
function oneOffErrors(seed: number, start: number, end: number, live: LiveDeployments): SampleEvent[] {
  const r = createRandom(mixSeed(seed, 0x0eef));
  return ONE_OFF_ERRORS.map((spec, i) => {
    const timestamp = Math.floor(start + ((i + 0.3 + 0.4 * r.next()) / ONE_OFF_ERRORS.length) * (end - start));
    const deployment = live.at("production", timestamp);
    return {
      type: "error",
      id: `smp${seed}-oneoff${i}`,
      timestamp,
      environment: "production",
      deploymentId: deployment?.id,
      name: spec.name,
      message: spec.message,
      frames: spec.frames ? shiftFrames(spec.frames, deployment) : undefined,
      level: spec.level,
      release: deployment?.commitSha.slice(0, 7),
      route: spec.route,
      functionName: spec.functionName,
      attributes: { runtime: "nodejs22.x" },
    } satisfies SampleEvent;
  });
}
