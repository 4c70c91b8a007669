import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations, projects } from "./tenancy";
import { users } from "./users";

/*
 * Alerting (API.md "Alert rules", "Incidents and the inbox", "Notifications"): rules, the
 * state of each rule's series, incidents with their timelines, channels, the delivery
 * outbox and the in-app inbox. Everything hangs off a project and goes with it.
 */

export const alertMetrics = [
  "error_count",
  "new_issue",
  "invocation_count",
  "request_count",
  "log_count",
  "invocation_error_rate",
  "request_error_rate",
  "invocation_duration",
  "request_latency",
  "deployment_failed",
  "deployment_failure_rate",
  "deployment_duration",
  "vital",
  "heartbeat",
] as const;
export type AlertMetric = (typeof alertMetrics)[number];
export const aggregations = ["count", "rate", "avg", "p50", "p75", "p95", "p99"] as const;
export type Aggregation = (typeof aggregations)[number];
export const comparators = [">", ">=", "<", "<="] as const;
export type Comparator = (typeof comparators)[number];
export const groupByDimensions = ["environment", "functionName", "route", "vital"] as const;
export type GroupByDimension = (typeof groupByDimensions)[number];
export const severities = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof severities)[number];
export const noDataModes = ["ok", "keep", "alert"] as const;
export type NoDataMode = (typeof noDataModes)[number];
export const alertStates = ["ok", "pending", "firing"] as const;
export type AlertState = (typeof alertStates)[number];

export interface AlertFilter {
  environment?: string;
  functionName?: string;
  route?: string;
  method?: string;
  level?: string;
  vital?: string;
  /** heartbeat: the event type that must keep arriving (any type when absent). */
  type?: string;
}

export const alertRules = pgTable(
  "alert_rules",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    metric: text("metric", { enum: alertMetrics }).notNull(),
    filter: jsonb("filter").$type<AlertFilter>().notNull().default({}),
    groupBy: text("group_by", { enum: groupByDimensions }),
    aggregation: text("aggregation", { enum: aggregations }).notNull(),
    comparator: text("comparator", { enum: comparators }).notNull(),
    threshold: doublePrecision("threshold").notNull(),
    resolveThreshold: doublePrecision("resolve_threshold"),
    windowMinutes: integer("window_minutes").notNull(),
    compareTo: text("compare_to", { enum: ["previous_window"] }),
    minSamples: integer("min_samples").notNull(),
    pendingMinutes: integer("pending_minutes").notNull(),
    renotifyMinutes: integer("renotify_minutes").notNull(),
    severity: text("severity", { enum: severities }).notNull(),
    noData: text("no_data", { enum: noDataModes }).notNull(),
    notifyOnResolve: boolean("notify_on_resolve").notNull(),
    mutedUntil: timestamp("muted_until", { withTimezone: true, precision: 3 }),
    enabled: boolean("enabled").notNull(),
    channelIds: text("channel_ids").array().notNull(),
    /**
     * The last closed minute this rule was evaluated for. The tick claims rules whose
     * minute is behind (FOR UPDATE SKIP LOCKED) and moves it forward in the same
     * transaction, so no minute is evaluated twice, whoever runs the tick.
     */
    evaluatedThrough: timestamp("evaluated_through", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId, t.createdAt), index("alert_rules_due_idx").on(t.evaluatedThrough).where(sql`enabled`)],
);
export type AlertRuleRow = typeof alertRules.$inferSelect;

/** The state of one series of a rule: the rule itself (`group_key` '') or one group of its `groupBy`. */
export const alertStatesTable = pgTable(
  "alert_states",
  {
    ruleId: text("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    projectId: text("project_id").notNull(),
    state: text("state", { enum: alertStates }).notNull(),
    /** When the current breach began (pending and firing). */
    breachSince: timestamp("breach_since", { withTimezone: true }),
    value: doublePrecision("value"),
    samples: doublePrecision("samples").notNull().default(0),
    /** "insufficient data", "no data", …: why the last evaluation kept the state. */
    note: text("note"),
    incidentId: text("incident_id"),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }).notNull(),
    /** The last values (oldest first) for the rules list's sparkline. */
    recent: doublePrecision("recent").array().notNull().default(sql`'{}'`),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] })],
);

export const incidentStatuses = ["firing", "resolved"] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** Null once the rule is deleted: its closed incidents stay readable. */
    ruleId: text("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    ruleName: text("rule_name").notNull(),
    severity: text("severity", { enum: severities }).notNull(),
    metric: text("metric", { enum: alertMetrics }).notNull(),
    comparator: text("comparator", { enum: comparators }).notNull(),
    groupKey: text("group_key").notNull(),
    /** How the group reads (an issue's title); the key itself when null. */
    groupLabel: text("group_label"),
    status: text("status", { enum: incidentStatuses }).notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true, precision: 3 }),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedByEmail: text("acknowledged_by_email"),
    value: doublePrecision("value"),
    peak: doublePrecision("peak"),
    threshold: doublePrecision("threshold").notNull(),
    /** Opened while the rule was muted: recorded, nothing sent. */
    muted: boolean("muted").notNull(),
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("incidents_project_idx").on(t.projectId, t.status, t.openedAt), index("incidents_rule_idx").on(t.ruleId, t.openedAt)],
);
export type Incident = typeof incidents.$inferSelect;

export const incidentEventKinds = ["opened", "notified", "renotified", "acknowledged", "muted", "delivery_failed", "resolved"] as const;
export type IncidentEventKind = (typeof incidentEventKinds)[number];

export const incidentEvents = pgTable(
  "incident_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    kind: text("kind", { enum: incidentEventKinds }).notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("incident_events_incident_idx").on(t.incidentId, t.at)],
);

export const channelTypes = ["inbox", "webhook", "slack", "email"] as const;
export type ChannelType = (typeof channelTypes)[number];

export const channels = pgTable(
  "channels",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    type: text("type", { enum: channelTypes }).notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** What may be shown to members (webhook URL, a Slack URL's masked form, recipients); secrets live sealed apart. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** The webhook signing secret or the Slack URL, sealed with AES-256-GCM (lib/secret-box.ts). */
    secret: text("secret"),
    /** After a rotation, the former signing secret, still signed with until `previous_secret_until`. */
    previousSecret: text("previous_secret"),
    previousSecretUntil: timestamp("previous_secret_until", { withTimezone: true, precision: 3 }),
    /** Why the dispatcher disabled the channel (a 410, Slack's channel_not_found …). */
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("channels_project_idx").on(t.projectId), uniqueIndex("channels_one_inbox").on(t.projectId).where(sql`type = 'inbox'`)],
);
export type Channel = typeof channels.$inferSelect;

export const deliveryStatuses = ["pending", "sending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const notificationTypes = ["alert.firing", "alert.resolved", "alert.renotify", "alert.test"] as const;
export type NotificationType = (typeof notificationTypes)[number];

/**
 * The outbox: one row per channel per incident transition, written in the transaction
 * that records the transition, sent by the `dispatch` job (the inbox channel is delivered
 * in that same transaction).
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    incidentId: text("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    type: text("type", { enum: notificationTypes }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: deliveryStatuses }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }).notNull(),
    leaseUntil: timestamp("lease_until", { withTimezone: true, precision: 3 }),
    /** The dispatcher run holding the lease: it renews the lease before each send only while it still holds it. */
    leaseOwner: text("lease_owner"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, precision: 3 }),
    lastError: text("last_error"),
  },
  (t) => [index("deliveries_due_idx").on(t.nextAttemptAt).where(sql`status in ('pending', 'sending')`), index("deliveries_channel_idx").on(t.channelId, t.createdAt)],
);

/** In-app notifications of a project; each member reads them in their inbox. */
export const inboxNotifications = pgTable(
  "inbox_notifications",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    incidentId: text("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    severity: text("severity", { enum: severities }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Who sees it: every member, or admins and owners only (a disabled channel). */
    audience: text("audience", { enum: ["members", "admins"] }).notNull().default("members"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("inbox_notifications_project_idx").on(t.projectId, t.createdAt)],
);

/** Every attempt to send a delivery: the log the channel page shows. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    projectId: text("project_id").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
    /** The first 1 KiB of the answer. */
    answer: text("answer"),
  },
  (t) => [index("delivery_attempts_delivery_idx").on(t.deliveryId, t.at)],
);

export const inboxReads = pgTable(
  "inbox_reads",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    notificationId: text("notification_id")
      .notNull()
      .references(() => inboxNotifications.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.notificationId] })],
);
