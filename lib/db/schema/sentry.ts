import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./tenancy";

/**
 * A project's Sentry DSN (`http(s)://<publicKey>@<host>/<projectRef>`): Sentry SDKs accept
 * only a numeric project ref and a key of letters, digits and underscores, so both are
 * Vigil's own, beside the project id. The public key ships in browser bundles: it is kept
 * in plain text (shown at any time) and opens only the Sentry ingest endpoints of its
 * project. One row per project, made on first use; rotation replaces the key in place.
 */
export const sentryKeys = pgTable("sentry_keys", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  /** 6–9 digits, random, unique: the DSN's path. */
  projectRef: integer("project_ref").notNull().unique(),
  /** 32 lowercase hex characters; unique so a lookup by (ref, key) is one index probe. */
  publicKey: text("public_key").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  rotatedAt: timestamp("rotated_at", { withTimezone: true }),
});

export type SentryKey = typeof sentryKeys.$inferSelect;
