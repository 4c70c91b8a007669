import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

export const auditActions = [
  "api_key.created",
  "api_key.revoked",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "invitation.created",
  "invitation.revoked",
  "project.created",
  "project.updated",
  "project.deleted",
  "alert_rule.created",
  "alert_rule.updated",
  "alert_rule.deleted",
  "incident.acknowledged",
  "channel.created",
  "channel.updated",
  "channel.deleted",
  "channel.secret_rotated",
  "channel.disabled",
  "sentry_key.rotated",
  "organization.created",
  "organization.updated",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Append-only record of security-relevant changes, shown to admins in settings. */
export const auditLog = pgTable(
  "audit_log",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: text("id").primaryKey(),
    /** No foreign key: the entry must outlive the project or user it names. */
    projectId: text("project_id"),
    actorUserId: text("actor_user_id"),
    actorEmail: text("actor_email"),
    action: text("action", { enum: auditActions }).notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_org_created_idx").on(t.orgId, t.createdAt)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
