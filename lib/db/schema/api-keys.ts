import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";
import { users } from "./users";

export const apiKeyScopes = ["ingest", "read"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeys = pgTable(
  "api_keys",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** First 12 characters of the key, for recognising it in lists. */
    prefix: text("prefix").notNull(),
    /** Hex SHA-256 of the full key: the only form in which the key is stored. */
    keyHash: text("key_hash").notNull().unique(),
    scopes: text("scopes", { enum: apiKeyScopes }).array().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute per key. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_project_idx").on(t.projectId, t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
