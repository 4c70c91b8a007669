import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import {
  channels,
  deliveries,
  deliveryAttempts,
  inboxNotifications,
  incidentEvents,
  memberships,
  projects,
  users,
  type Channel,
  type IncidentEventKind,
} from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { open } from "@/lib/secret-box";
import type { EmailRecipients } from "./channels";
import { sendMail } from "./email";
import { emailMessage, slackMessage, type Notice } from "./messages";
import { safeFetch, type SafeFetchOptions } from "./safe-fetch";
import { webhookHeaders } from "./webhook";

/**
 * The dispatcher (the `dispatch` job, also run right after an evaluation commits): sends
 * the outbox's due deliveries and records every attempt.
 *
 * - **Claim with a lease.** Due rows (pending and due, or `sending` with an expired lease —
 *   a crashed dispatcher's) are taken with FOR UPDATE SKIP LOCKED and marked `sending`
 *   under this run's lease. Right before each send the run renews the lease on the rows it
 *   still owns, so a delivery is never sent twice while an attempt is in flight; a run that
 *   dies leaves its rows to come back when the lease runs out. At-least-once, with a stable
 *   `webhook-id`: a receiver that answered but whose answer was lost sees the same id again.
 * - **Bounded concurrency per target host**, so one dead receiver (10 s per attempt) holds
 *   a few slots, not the run.
 * - **Retries** after ~5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (±10 %), a
 *   `Retry-After` honoured up to the next step; then the delivery is failed. A 410 (and
 *   Slack's `invalid_token`, `channel_not_found`, `channel_is_archived`) disables the
 *   channel and tells the project's admins.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];
const LEASE_MS = 60_000;
/** Renewed before each send: longer than one send can take (10 s, plus the lease write). */
const SEND_LEASE_MS = 30_000;
const PER_HOST = 8;
const GLOBAL = 32;
const ANSWER_LOGGED = 1024;

export interface DispatchOptions {
  now?: Date;
  /** Rows claimed per run. */
  limit?: number;
  /** Defaults to SMTP_URL / MAIL_FROM. */
  smtpUrl?: string | null;
  mailFrom?: string;
  /** Passed to safeFetch (timeouts, the address policy). */
  fetch?: SafeFetchOptions;
  /** Only these deliveries (Send test, Redeliver). */
  ids?: string[];
}

export type DispatchSummary = {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  channelsDisabled: number;
  durationMs: number;
};

interface Claimed {
  id: string;
  project_id: string;
  channel_id: string;
  incident_id: string | null;
  type: string;
  payload: Notice;
  attempts: number;
  created_at: Date | string;
}

interface Outcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  answer: string | null;
  retryAfterMs: number | null;
  /** Why the channel must be disabled (the target says it is gone). */
  disable: string | null;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait after failed attempt `n` (1-based), or null when it was the last. */
export function nextDelay(attempt: number, retryAfter: number | null, random = Math.random): number | null {
  if (attempt > RETRY_DELAYS_MS.length) return null;
  const step = RETRY_DELAYS_MS[attempt - 1];
  if (retryAfter !== null) return Math.min(retryAfter, RETRY_DELAYS_MS[attempt] ?? step);
  return Math.round(step * (0.9 + 0.2 * random()));
}

const SLACK_GONE = /\b(invalid_token|channel_not_found|channel_is_archived|no_service|no_team)\b/;

async function httpPost(url: string, body: string, headers: Record<string, string>, options: SafeFetchOptions | undefined, slack: boolean): Promise<Outcome> {
  try {
    const res = await safeFetch(url, { method: "POST", headers, body }, options);
    const ok = res.status >= 200 && res.status < 300;
    const answer = res.body.slice(0, ANSWER_LOGGED);
    const gone = res.status === 410 || (slack && [403, 404, 410].includes(res.status) && SLACK_GONE.test(res.body));
    return {
      ok,
      statusCode: res.status,
      latencyMs: Math.round(res.latencyMs),
      error: ok ? null : res.status >= 300 && res.status < 400 ? `redirect to ${res.headers.get("location") ?? "?"} not followed` : `HTTP ${res.status}`,
      answer,
      retryAfterMs: retryAfterMs(res.headers.get("retry-after"), Date.now()),
      disable: gone ? `The target answered ${res.status}${slack ? ` ${answer.trim().slice(0, 60)}` : ""}: it is gone` : null,
    };
  } catch (err) {
    const e = err as { code?: string; message?: string; latencyMs?: number };
    return { ok: false, statusCode: null, latencyMs: Math.round(e.latencyMs ?? 0), error: e.message ?? String(err), answer: null, retryAfterMs: null, disable: null };
  }
}

async function recipientsOf(db: Db, projectId: string, recipients: EmailRecipients | undefined): Promise<string[]> {
  if (!recipients) return [];
  if ("addresses" in recipients) return recipients.addresses;
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(projects, eq(projects.orgId, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(projects.id, projectId));
  return rows.map((r) => r.email);
}

/** Sends one group (one webhook delivery; one evaluation's notices for Slack or e-mail). */
async function send(db: Db, channel: Channel, group: Claimed[], options: DispatchOptions, now: Date): Promise<Outcome> {
  const started = performance.now();
  if (channel.type === "webhook") {
    const d = group[0];
    const secrets = [open(channel.secret!)];
    if (channel.previousSecret && channel.previousSecretUntil && channel.previousSecretUntil > now) secrets.push(open(channel.previousSecret));
    const body = JSON.stringify({ type: d.payload.type, timestamp: d.payload.timestamp, data: d.payload.data });
    return httpPost(String(channel.config.url), body, webhookHeaders({ id: d.id, body, secrets, now: new Date() }), options.fetch, false);
  }
  if (channel.type === "slack") {
    const body = JSON.stringify(slackMessage(group.map((d) => d.payload)));
    return httpPost(open(channel.secret!), body, { "content-type": "application/json", "user-agent": "Vigil-Notifications/1" }, options.fetch, true);
  }
  if (channel.type === "email") {
    const smtpUrl = options.smtpUrl === undefined ? env.SMTP_URL : options.smtpUrl;
    const fail = (error: string): Outcome => ({ ok: false, statusCode: null, latencyMs: Math.round(performance.now() - started), error, answer: null, retryAfterMs: null, disable: null });
    if (!smtpUrl) return fail("E-mail needs SMTP_URL set on the server; nothing was sent.");
    const to = await recipientsOf(db, channel.projectId, channel.config.recipients as EmailRecipients | undefined);
    if (!to.length) return fail("The channel has no recipients.");
    try {
      const answer = await sendMail(smtpUrl, { from: options.mailFrom ?? env.MAIL_FROM, to, ...emailMessage(group.map((d) => d.payload)) });
      return { ok: true, statusCode: null, latencyMs: Math.round(performance.now() - started), error: null, answer: answer.slice(0, ANSWER_LOGGED), retryAfterMs: null, disable: null };
    } catch (err) {
      return fail(`SMTP: ${(err as Error).message}`);
    }
  }
  return { ok: true, statusCode: null, latencyMs: 0, error: null, answer: null, retryAfterMs: null, disable: null };
}

/** At most `perKey` tasks of one key and `total` overall at a time. */
function limiter(total: number, perKey: number) {
  let running = 0;
  const byKey = new Map<string, number>();
  const waiting: { key: string; start: () => void }[] = [];
  const pump = () => {
    for (let i = 0; i < waiting.length && running < total; ) {
      const w = waiting[i];
      if ((byKey.get(w.key) ?? 0) < perKey) {
        waiting.splice(i, 1);
        running++;
        byKey.set(w.key, (byKey.get(w.key) ?? 0) + 1);
        w.start();
      } else i++;
    }
  };
  return <T>(key: string, task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({
        key,
        start: () =>
          task()
            .then(resolve, reject)
            .finally(() => {
              running--;
              byKey.set(key, (byKey.get(key) ?? 1) - 1);
              pump();
            }),
      });
      pump();
    });
}

function hostOf(channel: Channel): string {
  try {
    if (channel.type === "webhook") return new URL(String(channel.config.url)).host;
    if (channel.type === "slack") return new URL(String(channel.config.url)).host;
  } catch {
    // fall through
  }
  return channel.type;
}

/**
 * A run keeps claiming while batches come back full, for at most this long. Batches are
 * large: a batch ends when its slowest send does (a dead target: 10 s), so what is due
 * should be in one batch rather than wait behind it.
 */
const RUN_BUDGET_MS = 40_000;
const BATCH = 2000;

export async function dispatchDue(db: Db, options: DispatchOptions = {}): Promise<DispatchSummary> {
  const started = Date.now();
  const summary: DispatchSummary = { claimed: 0, delivered: 0, retrying: 0, failed: 0, channelsDisabled: 0, durationMs: 0 };
  const limit = options.limit ?? BATCH;
  for (;;) {
    const claimed = await dispatchBatch(db, options, limit, summary);
    if (claimed < limit || Date.now() - started > RUN_BUDGET_MS) break;
  }
  return { ...summary, durationMs: Date.now() - started };
}

/** Claims up to `limit` due deliveries under a fresh lease and sends them; answers how many it claimed. */
async function dispatchBatch(db: Db, options: DispatchOptions, limit: number, summary: DispatchSummary): Promise<number> {
  const now = options.now ?? new Date();
  const owner = randomUUID();
  const nowIso = now.toISOString();
  const claimed = await queryRows<Claimed>(
    db,
    sql`update deliveries d set status = 'sending', lease_until = ${nowIso}::timestamptz + ${LEASE_MS} * interval '1 millisecond', lease_owner = ${owner}
        where d.id in (
          select id from deliveries
          where ((status = 'pending' and next_attempt_at <= ${nowIso}::timestamptz) or (status = 'sending' and lease_until < ${nowIso}::timestamptz))
            ${options.ids ? sql`and id in (${sql.join(options.ids.length ? options.ids.map((id) => sql`${id}`) : [sql`''`], sql`, `)})` : sql``}
          order by next_attempt_at
          limit ${limit}
          for update skip locked)
        returning d.id, d.project_id, d.channel_id, d.incident_id, d.type, d.payload, d.attempts, d.created_at`,
  );
  summary.claimed += claimed.length;
  if (!claimed.length) return 0;

  const channelRows = await db.select().from(channels).where(inArray(channels.id, [...new Set(claimed.map((d) => d.channel_id))]));
  const channelById = new Map(channelRows.map((c) => [c.id, c]));
  // Slack and e-mail: the notices of one evaluation (same channel, same transition time) go in one message.
  const groups = new Map<string, Claimed[]>();
  for (const d of claimed) {
    const channel = channelById.get(d.channel_id);
    const key = channel && (channel.type === "slack" || channel.type === "email") ? `${d.channel_id}|${new Date(d.created_at).getTime()}` : d.id;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(d);
  }

  const run = limiter(GLOBAL, PER_HOST);
  const disabled = new Set<string>();
  const recorder = new Recorder(db, now, summary);
  await Promise.all(
    [...groups.values()].map((group) => {
      const channel = channelById.get(group[0].channel_id)!;
      return run(hostOf(channel), async () => {
        const ids = group.map((d) => d.id);
        if (!channel.enabled || disabled.has(channel.id)) {
          const error = `The channel is disabled${channel.disabledReason ? `: ${channel.disabledReason}` : ""}.`;
          recorder.add(group, channel, { ok: false, statusCode: null, latencyMs: 0, error, answer: null, retryAfterMs: null, disable: null }, true);
          return;
        }
        // Still ours? Renew the lease for the send; a row another run took back is left alone.
        const held = await queryRows<{ id: string }>(
          db,
          sql`update deliveries set lease_until = now() + ${SEND_LEASE_MS} * interval '1 millisecond'
              where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) and lease_owner = ${owner} and status = 'sending' returning id`,
        );
        const mine = group.filter((d) => held.some((h) => h.id === d.id));
        if (!mine.length) return;
        let outcome: Outcome;
        try {
          outcome = await send(db, channel, mine, options, now);
        } catch (err) {
          outcome = { ok: false, statusCode: null, latencyMs: 0, error: (err as Error).message, answer: null, retryAfterMs: null, disable: null };
        }
        recorder.add(mine, channel, outcome, false);
        if (outcome.disable && !disabled.has(channel.id)) {
          disabled.add(channel.id);
          await disableChannel(db, channel, outcome.disable, now, summary, options);
        }
      });
    }),
  );
  await recorder.flush();
  return claimed.length;
}

/**
 * Records attempts in bulk: outcomes queue here as sends finish and are written together
 * (attempts, delivery states, timeline entries: three statements per flush) every 250 ms
 * or 200 deliveries, and once more when the batch ends. A row is in `sending` under this
 * run's lease until its flush, so nothing can send it again meanwhile; a crash before the
 * flush sends it again after the lease (at least once).
 */
class Recorder {
  private attempts: (typeof deliveryAttempts.$inferInsert)[] = [];
  private updates: { id: string; status: string; attempts: number; error: string | null; delivered: boolean; next: string }[] = [];
  private timeline: (typeof incidentEvents.$inferInsert)[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: Date,
    private readonly summary: DispatchSummary,
  ) {}

  add(group: Claimed[], channel: Channel, outcome: Outcome, final: boolean): void {
    const now = this.now;
    for (const d of group) {
      const attempt = d.attempts + 1;
      this.attempts.push({ id: newId("att"), deliveryId: d.id, projectId: d.project_id, at: now, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error, answer: outcome.answer });
      const delay = outcome.ok || outcome.disable || final ? null : nextDelay(attempt, outcome.retryAfterMs);
      const status = outcome.ok ? "delivered" : delay === null ? "failed" : "pending";
      this.updates.push({ id: d.id, status, attempts: attempt, error: outcome.error, delivered: outcome.ok, next: new Date(delay === null ? now.getTime() : now.getTime() + delay).toISOString() });
      if (status === "delivered") this.summary.delivered++;
      else if (status === "failed") this.summary.failed++;
      else this.summary.retrying++;
      if (d.incident_id && status !== "pending") {
        const kind: IncidentEventKind = status === "failed" ? "delivery_failed" : d.type === "alert.renotify" ? "renotified" : "notified";
        this.timeline.push({ incidentId: d.incident_id, at: now, kind, detail: { type: d.type, channel: channel.name, channelType: channel.type, attempts: attempt, statusCode: outcome.statusCode, error: outcome.error } });
      }
    }
    if (this.updates.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 250);
  }

  /** Writes what is queued (after any flush in progress); resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const [attempts, updates, timeline] = [this.attempts, this.updates, this.timeline];
    [this.attempts, this.updates, this.timeline] = [[], [], []];
    this.flushing = this.flushing.then(async () => {
      if (!updates.length) return;
      await this.db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        await t.insert(deliveryAttempts).values(attempts);
        await t.execute(sql`update deliveries d set status = u.status, attempts = u.attempts, last_error = u.error,
            delivered_at = case when u.delivered then ${this.now.toISOString()}::timestamptz end, next_attempt_at = u.next,
            lease_until = null, lease_owner = null
          from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id text, status text, attempts int, error text, delivered boolean, next timestamptz)
          where d.id = u.id`);
        if (timeline.length) await t.insert(incidentEvents).values(timeline);
      });
    });
    return this.flushing;
  }
}

/** A target that says it is gone: the channel is disabled and the project's admins told (inbox, and e-mail where SMTP is set). */
async function disableChannel(db: Db, channel: Channel, reason: string, now: Date, summary: DispatchSummary, options: DispatchOptions): Promise<void> {
  let notice: { title: string; body: string } | null = null;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [was] = await t
      .update(channels)
      .set({ enabled: false, disabledReason: reason, updatedAt: now })
      .where(and(eq(channels.id, channel.id), eq(channels.enabled, true)))
      .returning({ id: channels.id });
    if (!was) return;
    summary.channelsDisabled++;
    const [project] = await t.select({ orgId: projects.orgId, name: projects.name }).from(projects).where(eq(projects.id, channel.projectId));
    notice = {
      title: `Channel "${channel.name}" was disabled — ${project.name}`,
      body: `${reason}. Alerts no longer go there; fix the target and enable the channel again in the project's settings.`,
    };
    await t.insert(inboxNotifications).values({ id: newId("ntf"), orgId: project.orgId, projectId: channel.projectId, type: "channel.disabled", severity: "high", ...notice, audience: "admins", createdAt: now });
    await recordAudit(t, { orgId: project.orgId, projectId: channel.projectId, actor: null, action: "channel.disabled", targetType: "channel", targetId: channel.id, metadata: { reason } });
    log.warn("notification channel disabled", { channelId: channel.id, reason });
  });
  if (notice) await emailAdmins(db, channel.projectId, notice, options);
}

/** Where SMTP is configured, the project's admins and owners hear of a disabled channel by e-mail too (best effort). */
async function emailAdmins(db: Db, projectId: string, notice: { title: string; body: string }, options: DispatchOptions): Promise<void> {
  const smtpUrl = options.smtpUrl === undefined ? env.SMTP_URL : options.smtpUrl;
  if (!smtpUrl) return;
  const admins = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(projects, eq(projects.orgId, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(projects.id, projectId), inArray(memberships.role, ["admin", "owner"])));
  if (!admins.length) return;
  try {
    await sendMail(smtpUrl, {
      from: options.mailFrom ?? env.MAIL_FROM,
      to: admins.map((a) => a.email),
      subject: notice.title,
      text: notice.body,
      html: `<p><strong>${notice.title.replace(/[<>&]/g, "")}</strong></p><p>${notice.body.replace(/[<>&]/g, "")}</p>`,
    });
  } catch (err) {
    log.warn("could not e-mail the admins about a disabled channel", { projectId, err });
  }
}
