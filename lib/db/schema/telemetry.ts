import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/*
 * Raw telemetry, one table per event type. Every table leads with project_id and has at
 * most two btree indexes: the dedupe key (project_id, event_id) and a time (or group)
 * index. `event_id` is a UUID derived from the client's id (MD5 of it), so a retried event
 * lands on the same key; events without an id get a random one.
 * No foreign key to projects on these hot tables: deleting a project deletes its rows in
 * lib/ingest/retention.ts, and a FK check per inserted row is measurable at 50k rows/s.
 */

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * A rollup histogram, `{"<bucket index>": <count>, …}`, stored as the text of its JSON (in
 * jsonb's canonical layout, which writes through a jsonb value produce). Not jsonb: reads
 * fetch hundreds of histograms and merge them in Node, and printing jsonb as text costs
 * PostgreSQL ~4× what handing over stored text does (docs/benchmarks.md). Reads and the
 * fold merge in Node; only the fold's rare conflict path merges in SQL (`vigil_hist_merge`,
 * migration 0011).
 */
const histogramText = customType<{ data: Record<string, number>; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => (typeof value === "string" ? (JSON.parse(value) as Record<string, number>) : value),
});

export type Attributes = Record<string, string | number | boolean>;

const common = {
  projectId: text("project_id").notNull(),
  eventId: uuid("event_id").notNull(),
  ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
  environment: text("environment").notNull(),
  deploymentId: text("deployment_id"),
  attributes: jsonb("attributes").$type<Attributes>(),
};

export const deploymentEvents = pgTable(
  "deployment_events",
  {
    ...common,
    status: text("status").notNull(),
    commitSha: text("commit_sha"),
    branch: text("branch"),
    commitMessage: text("commit_message"),
    framework: text("framework"),
    url: text("url"),
    buildDurationMs: doublePrecision("build_duration_ms"),
    durationMs: doublePrecision("duration_ms"),
  },
  (t) => [
    uniqueIndex("deployment_events_dedupe").on(t.projectId, t.eventId),
    index("deployment_events_deployment_idx").on(t.projectId, t.deploymentId, t.ts),
  ],
);

/** A deployment's current state, folded from its events (see lib/ingest/deployments.ts). */
export const deployments = pgTable(
  "deployments",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    deploymentId: text("deployment_id").notNull(),
    environment: text("environment").notNull(),
    status: text("status").notNull(),
    /** started=0, building=1, final=2: a state only moves forward. */
    statusRank: integer("status_rank").notNull(),
    /** Timestamp of the event that set `status`; breaks ties between events of equal rank. */
    statusAt: timestamp("status_at", { withTimezone: true, precision: 3 }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    /** The duration the final event reported, if any; it wins over the measured one. */
    reportedDurationMs: doublePrecision("reported_duration_ms"),
    /** reported, else finished_at − started_at; null until a final state. */
    durationMs: doublePrecision("duration_ms"),
    buildDurationMs: doublePrecision("build_duration_ms"),
    commitSha: text("commit_sha"),
    branch: text("branch"),
    commitMessage: text("commit_message"),
    framework: text("framework"),
    url: text("url"),
    eventCount: integer("event_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.deploymentId] }), index("deployments_started_idx").on(t.projectId, t.startedAt)],
);

export const invocations = pgTable(
  "invocations",
  {
    ...common,
    functionName: text("function_name").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    status: text("status").notNull(),
    coldStart: boolean("cold_start"),
    memoryUsedMb: doublePrecision("memory_used_mb"),
    region: text("region"),
    statusCode: integer("status_code"),
  },
  (t) => [uniqueIndex("invocations_dedupe").on(t.projectId, t.eventId), index("invocations_time_idx").on(t.projectId, t.ts)],
);

export const requests = pgTable(
  "requests",
  {
    ...common,
    method: text("method").notNull(),
    route: text("route").notNull(),
    path: text("path"),
    statusCode: integer("status_code").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    region: text("region"),
  },
  (t) => [uniqueIndex("requests_dedupe").on(t.projectId, t.eventId), index("requests_time_idx").on(t.projectId, t.ts)],
);

export const issueStatuses = ["unresolved", "resolved", "ignored"] as const;

/** Error groups. `id` is derived from (project, fingerprint), so events know it before the upsert. */
export const issues = pgTable(
  "issues",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    fingerprint: text("fingerprint").notNull(),
    groupingVersion: integer("grouping_version").notNull(),
    title: text("title").notNull(),
    culprit: text("culprit"),
    level: text("level").notNull(),
    status: text("status", { enum: issueStatuses }).notNull().default("unresolved"),
    /** Set when an event arrives for a resolved issue; cleared when it is resolved again. */
    regressedAt: timestamp("regressed_at", { withTimezone: true, precision: 3 }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    firstSeen: timestamp("first_seen", { withTimezone: true, precision: 3 }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true, precision: 3 }).notNull(),
    eventCount: bigint("event_count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] }), index("issues_last_seen_idx").on(t.projectId, t.lastSeen)],
);

export const errorEvents = pgTable(
  "error_events",
  {
    ...common,
    issueId: uuid("issue_id").notNull(),
    name: text("name"),
    message: text("message"),
    level: text("level").notNull(),
    stack: text("stack"),
    frames: jsonb("frames"),
    release: text("release"),
    route: text("route"),
    functionName: text("function_name"),
    userId: text("user_id"),
  },
  (t) => [uniqueIndex("error_events_dedupe").on(t.projectId, t.eventId), index("error_events_issue_idx").on(t.projectId, t.issueId, t.ts)],
);

export const logs = pgTable(
  "logs",
  {
    ...common,
    level: text("level").notNull(),
    message: text("message").notNull(),
    /** 'simple' config: no stemming or stop words, so identifiers and codes stay searchable. */
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('simple', message)`),
  },
  (t) => [
    uniqueIndex("logs_dedupe").on(t.projectId, t.eventId),
    index("logs_time_idx").on(t.projectId, t.ts),
    index("logs_search_idx").using("gin", t.search),
  ],
);

export const vitals = pgTable(
  "vitals",
  {
    ...common,
    name: text("name").notNull(),
    value: doublePrecision("value").notNull(),
    route: text("route").notNull(),
    rating: text("rating"),
  },
  (t) => [uniqueIndex("vitals_dedupe").on(t.projectId, t.eventId), index("vitals_time_idx").on(t.projectId, t.ts)],
);

/*
 * Rollups: per project, kind, environment, dimension (function, "METHOD route",
 * "LCP route", log level, deployment status…) and bucket (minute, hour or day). Counts, sum,
 * min, max and a mergeable log-scale histogram (lib/rollups/histogram.ts). Ingest appends
 * minute deltas to `rollups_pending` (on PGlite it merges them in its own transaction) and
 * the fold merges them into the tiers (lib/rollups/fold.ts). Dashboards and alerts read
 * these, never 30 days of raw rows; a window is read from the coarsest tier that fits each
 * part of it (lib/rollups/tiers.ts),
 * so a 30-day percentile merges ~30 rows per dimension instead of ~720.
 */
export const rollupKinds = [
  "invocation",
  "request",
  "error",
  "log",
  "vital",
  "deployment",
  // Per-kind totals across dimensions (lib/rollups/deltas.ts TOTAL_KINDS).
  "invocation_total",
  "request_total",
  "vital_total",
  // Errors by "level route" and "level function" (alert rules filter and group by them).
  "error_route",
  "error_function",
] as const;
export type RollupKind = (typeof rollupKinds)[number];

const rollupColumns = () => ({
  projectId: text("project_id").notNull(),
  kind: text("kind", { enum: rollupKinds }).notNull(),
  bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
  environment: text("environment").notNull(),
  dimension: text("dimension").notNull(),
  count: bigint("count", { mode: "number" }).notNull(),
  /** invocations: status error|timeout · requests: 5xx · logs/errors: level error|fatal · deployments: failed */
  errorCount: bigint("error_count", { mode: "number" }).notNull(),
  /** requests: 4xx */
  clientErrorCount: bigint("client_error_count", { mode: "number" }).notNull(),
  coldStartCount: bigint("cold_start_count", { mode: "number" }).notNull(),
  /** vitals: good and poor ratings (web.dev thresholds); needs-improvement = the rest */
  goodCount: bigint("good_count", { mode: "number" }).notNull(),
  poorCount: bigint("poor_count", { mode: "number" }).notNull(),
  sum: doublePrecision("sum").notNull(),
  min: doublePrecision("min"),
  max: doublePrecision("max"),
  hist: histogramText("hist").notNull(),
});

function rollupTable(name: string) {
  return pgTable(
    name,
    {
      ...rollupColumns(),
      /** The histogram's STORED_QUANTILES (lib/rollups/histogram.ts), written by the fold; null before migration 0007. */
      quantiles: doublePrecision("quantiles").array(),
    },
    (t) => [primaryKey({ columns: [t.projectId, t.kind, t.bucketStart, t.environment, t.dimension] })],
  );
}

export const rollupsMinute = rollupTable("rollups_minute");
export const rollupsHour = rollupTable("rollups_hour");
export const rollupsDay = rollupTable("rollups_day");

/**
 * Minute deltas written by ingest transactions and not yet folded into the three tiers
 * (lib/rollups/fold.ts). Append-only for ingest — no key, so concurrent batches never
 * wait on each other's rows — and drained whole by the fold, which merges them per tier key.
 */
export const rollupsPending = pgTable("rollups_pending", rollupColumns());
