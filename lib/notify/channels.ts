import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { inboxChannelId } from "@/lib/alerts/rules";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { channels, type Channel, type Project } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError, ValidationError, zodToFieldErrors } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { seal } from "@/lib/secret-box";
import { isStorableText, storableString } from "@/lib/text";
import { checkTargetUrl } from "./target-url";

/**
 * Notification channels of a project (API.md "Notifications"): the built-in inbox, signed
 * webhooks, Slack incoming webhooks and e-mail. Admins and owners manage them; members
 * read them, never their secrets: a webhook's signing secret is answered once (at creation
 * and rotation), a Slack URL (itself the secret) only masked.
 */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const name = storableString().trim().min(1, "Give the channel a name").max(80, "At most 80 characters");
const url = z.string().trim().min(1, "Enter the URL").max(2048, "At most 2,048 characters");
const recipients = z.union([
  z.object({ addresses: z.array(z.email("Not an e-mail address").max(254)).min(1, "Add at least one address").max(50, "At most 50 addresses") }).strict(),
  z.object({ allMembers: z.literal(true) }).strict(),
]);

export const createChannelInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("webhook"), name, url }).strict(),
  z.object({ type: z.literal("slack"), name, url }).strict(),
  z.object({ type: z.literal("email"), name, recipients }).strict(),
]);
export const updateChannelInput = z.object({ name, enabled: z.boolean(), url, recipients }).partial().strict();

export type EmailRecipients = z.infer<typeof recipients>;

export interface ChannelView {
  id: string;
  type: Channel["type"];
  name: string;
  enabled: boolean;
  disabledReason: string | null;
  /** webhook: `{ url }`; slack: `{ url }` masked; email: `{ recipients }`; inbox: `{}`. */
  config: Record<string, unknown>;
  /** A rotation's overlap: until then deliveries carry the former signature too. */
  previousSecretUntil: string | null;
  /** E-mail without SMTP_URL cannot send: said here so the page can. */
  problem: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `https://hooks.slack.com/services/T0…/B0…/…`: enough to recognise, not enough to post. */
function maskSlackUrl(raw: string): string {
  const u = new URL(raw);
  const parts = u.pathname.split("/").filter(Boolean);
  return `${u.origin}/${parts.map((p, i) => (i < parts.length - 1 && i < 2 ? p : `${p.slice(0, 2)}…`)).join("/")}`;
}

export function channelView(c: Channel): ChannelView {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    enabled: c.enabled,
    disabledReason: c.disabledReason,
    config: c.config,
    previousSecretUntil: c.previousSecret && c.previousSecretUntil ? c.previousSecretUntil.toISOString() : null,
    problem: c.type === "email" && !env.SMTP_URL ? "E-mail needs SMTP_URL (and MAIL_FROM) set on the server; until then its deliveries fail." : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** A new webhook signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error));
  return parsed.data;
}

/** The URL as it is stored, or a 400 at `/url` saying what is wrong with it. */
function targetUrl(raw: string): string {
  try {
    return checkTargetUrl(raw).toString();
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError([{ pointer: "/url", message: err.errors[0]?.message ?? err.message }], err.errors[0]?.message ?? err.message);
    throw err;
  }
}

export async function listChannels(db: Db, projectId: string): Promise<ChannelView[]> {
  await inboxChannelId(db, projectId);
  const rows = await db.select().from(channels).where(eq(channels.projectId, projectId)).orderBy(asc(channels.createdAt), asc(channels.id));
  return rows.map(channelView);
}

export async function channelRow(db: Db, projectId: string, channelId: string): Promise<Channel> {
  if (!isStorableText(channelId)) throw new NotFoundError("channel");
  const [row] = await db.select().from(channels).where(and(eq(channels.projectId, projectId), eq(channels.id, channelId)));
  if (!row) throw new NotFoundError("channel");
  return row;
}

type ProjectRef = Pick<Project, "id" | "orgId">;

export async function createChannel(db: Db, params: { project: ProjectRef; actor: Actor; body: unknown }): Promise<{ channel: ChannelView; secret?: string }> {
  const input = parse(createChannelInput, params.body);
  const id = newId("chn");
  let secret: string | undefined;
  let values: Partial<typeof channels.$inferInsert>;
  if (input.type === "webhook") {
    secret = newSigningSecret();
    values = { config: { url: targetUrl(input.url) }, secret: seal(secret) };
  } else if (input.type === "slack") {
    const stored = targetUrl(input.url);
    values = { config: { url: maskSlackUrl(stored) }, secret: seal(stored) };
  } else {
    values = { config: { recipients: input.recipients } };
  }
  const row = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [created] = await t.insert(channels).values({ id, projectId: params.project.id, type: input.type, name: input.name, ...values }).returning();
    await recordAudit(t, { orgId: params.project.orgId, projectId: params.project.id, actor: params.actor, action: "channel.created", targetType: "channel", targetId: id, metadata: { type: input.type, name: input.name } });
    return created;
  });
  return { channel: channelView(row), secret };
}

export async function updateChannel(db: Db, params: { project: ProjectRef; actor: Actor; channelId: string; body: unknown }): Promise<ChannelView> {
  const input = parse(updateChannelInput, params.body);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await channelRow(t, params.project.id, params.channelId);
    const set: Partial<typeof channels.$inferInsert> = { updatedAt: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.enabled !== undefined) {
      set.enabled = input.enabled;
      if (input.enabled) set.disabledReason = null;
    }
    if (input.url !== undefined) {
      if (row.type === "webhook") set.config = { ...row.config, url: targetUrl(input.url) };
      else if (row.type === "slack") {
        const stored = targetUrl(input.url);
        Object.assign(set, { config: { url: maskSlackUrl(stored) }, secret: seal(stored) });
      } else throw new ValidationError([{ pointer: "/url", message: `A${row.type === "inbox" ? "n inbox" : "n e-mail"} channel has no URL` }]);
    }
    if (input.recipients !== undefined) {
      if (row.type !== "email") throw new ValidationError([{ pointer: "/recipients", message: "Only e-mail channels have recipients" }]);
      set.config = { recipients: input.recipients };
    }
    if (row.type === "inbox" && (input.name !== undefined || input.enabled === false)) {
      throw new ConflictError("The in-app inbox is built in: it cannot be renamed or disabled.");
    }
    const [updated] = await t.update(channels).set(set).where(eq(channels.id, row.id)).returning();
    await recordAudit(t, { orgId: params.project.orgId, projectId: params.project.id, actor: params.actor, action: "channel.updated", targetType: "channel", targetId: row.id, metadata: { changed: Object.keys(input) } });
    return channelView(updated);
  });
}

/** Deletes a channel and its deliveries; rules stop naming it. The inbox cannot go. */
export async function deleteChannel(db: Db, params: { project: ProjectRef; actor: Actor; channelId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await channelRow(t, params.project.id, params.channelId);
    if (row.type === "inbox") throw new ConflictError("The in-app inbox is built in and cannot be deleted.");
    await t.execute(sql`update alert_rules set channel_ids = array_remove(channel_ids, ${row.id}) where project_id = ${params.project.id} and ${row.id} = any(channel_ids)`);
    await t.delete(channels).where(eq(channels.id, row.id));
    await recordAudit(t, { orgId: params.project.orgId, projectId: params.project.id, actor: params.actor, action: "channel.deleted", targetType: "channel", targetId: row.id, metadata: { type: row.type, name: row.name } });
  });
}

/** A new signing secret, answered once; the former one keeps signing for ROTATION_OVERLAP_MS. */
export async function rotateSecret(db: Db, params: { project: ProjectRef; actor: Actor; channelId: string; now?: Date }): Promise<{ channel: ChannelView; secret: string }> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const row = await channelRow(t, params.project.id, params.channelId);
    if (row.type !== "webhook") throw new ConflictError("Only webhook channels have a signing secret.");
    const secret = newSigningSecret();
    const [updated] = await t
      .update(channels)
      .set({ secret: seal(secret), previousSecret: row.secret, previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS), updatedAt: now })
      .where(eq(channels.id, row.id))
      .returning();
    await recordAudit(t, { orgId: params.project.orgId, projectId: params.project.id, actor: params.actor, action: "channel.secret_rotated", targetType: "channel", targetId: row.id });
    return { channel: channelView(updated), secret };
  });
}
