import { randomBytes, randomInt } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { sentryKeys } from "@/lib/db/schema";
import { UnauthorizedError, UnavailableError } from "@/lib/errors";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process-state";

/**
 * A project's Sentry DSN: a numeric project ref and a public key (lib/db/schema/sentry.ts).
 * Made on first use — the settings page or the DSN endpoint — so existing projects need no
 * backfill and a project that never uses Sentry has none.
 */
export interface SentryDsn {
  projectRef: number;
  publicKey: string;
  /** `http(s)://<publicKey>@<host>/<projectRef>` for the given origin. */
  dsn: string;
  rotatedAt: Date | null;
}

/** Refs of 6–9 digits: short enough to read, ~900 million of them so random picks rarely collide. */
const newProjectRef = () => randomInt(100_000, 1_000_000_000);
/** 128 random bits as 32 hex characters: within the SDKs' `[\w]` alphabet for DSN keys. */
const newPublicKey = () => randomBytes(16).toString("hex");
const PUBLIC_KEY = /^[0-9a-f]{32}$/;

export function formatDsn(origin: string, projectRef: number, publicKey: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${publicKey}@${url.host}${url.pathname.replace(/\/$/, "")}/${projectRef}`;
}

function view(row: { projectRef: number; publicKey: string; rotatedAt: Date | null }, origin: string): SentryDsn {
  return { projectRef: row.projectRef, publicKey: row.publicKey, rotatedAt: row.rotatedAt, dsn: formatDsn(origin, row.projectRef, row.publicKey) };
}

/** The project's DSN, made now when it has none (a colliding random ref is drawn again). */
export async function getSentryDsn(db: Db, params: { projectId: string; origin: string }): Promise<SentryDsn> {
  for (let attempt = 0; ; attempt++) {
    const [existing] = await db.select().from(sentryKeys).where(eq(sentryKeys.projectId, params.projectId));
    if (existing) return view(existing, params.origin);
    const inserted = await db
      .insert(sentryKeys)
      .values({ projectId: params.projectId, projectRef: newProjectRef(), publicKey: newPublicKey() })
      // A concurrent first use of the same project, or a ref already taken: look again.
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) return view(inserted[0], params.origin);
    if (attempt > 5) throw new Error("Could not allocate a Sentry project ref");
  }
}

/** A new public key; the old one stops working (at once here, within KEY_CACHE_MS elsewhere). */
export async function rotateSentryKey(db: Db, params: { project: { id: string; orgId: string }; actor: Actor; origin: string }): Promise<SentryDsn> {
  await getSentryDsn(db, { projectId: params.project.id, origin: params.origin });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sentryKeys)
      .set({ publicKey: newPublicKey(), rotatedAt: sql`now()` })
      .where(eq(sentryKeys.projectId, params.project.id))
      .returning();
    await recordAudit(tx, {
      orgId: params.project.orgId,
      projectId: params.project.id,
      actor: params.actor,
      action: "sentry_key.rotated",
      targetType: "sentry_key",
      targetId: String(row.projectRef),
    });
    knownKeys().clear();
    return view(row, params.origin);
  });
}

/**
 * How long a verified (ref, key) pair is trusted without asking the database: SDKs send
 * an envelope per event, and a rotated key must stop within API.md's 5 seconds.
 */
const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;
const knownKeys = () => processSingleton("sentry-keys", () => new Map<string, { projectId: string; until: number }>());

/**
 * The project a Sentry request may write to: the DSN's ref and key must be one project's
 * pair. An unknown ref, an unknown key and another project's key are the same 401.
 */
export async function projectForSentryKey(db: Db, projectRef: string, publicKey: string): Promise<string> {
  const ref = Number(projectRef);
  if (!PUBLIC_KEY.test(publicKey) || !Number.isSafeInteger(ref) || ref > 2_147_483_647) throw new UnauthorizedError("Unknown DSN: check the public key and project of your DSN.");
  const cacheKey = `${ref}:${publicKey}`;
  const cache = knownKeys();
  const hit = cache.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.projectId;
  let row: { projectId: string } | undefined;
  try {
    [row] = await db
      .select({ projectId: sentryKeys.projectId })
      .from(sentryKeys)
      .where(and(eq(sentryKeys.projectRef, ref), eq(sentryKeys.publicKey, publicKey)));
  } catch (err) {
    // A 503 with Retry-After: the SDK keeps the envelope and retries, where a 500 would drop it.
    log.error("sentry key lookup failed", { err });
    throw new UnavailableError("Storage is unavailable; nothing was stored. Retry it.", 5);
  }
  if (!row) throw new UnauthorizedError("Unknown DSN: check the public key and project of your DSN.");
  if (cache.size >= KEY_CACHE_MAX) cache.clear();
  cache.set(cacheKey, { projectId: row.projectId, until: Date.now() + KEY_CACHE_MS });
  return row.projectId;
}
