import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { storableString } from "@/lib/text";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { apiKeys, apiKeyScopes, projects, type ApiKeyScope } from "@/lib/db/schema";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { displayPrefix, generateApiKey, hashApiKey, isWellFormedApiKey } from "./key-format";
import { processSingleton } from "@/lib/process-state";

/**
 * The latest expiry a key can have, 9999-12-31: ISO 8601 strings (the API's other form)
 * end there, and a later epoch-ms value writes a six-digit year the database refuses.
 */
const LATEST_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const createApiKeyInput = z.object({
  name: storableString().trim().min(1, "Name is required").max(100, "At most 100 characters"),
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, "Choose at least one scope")
    .transform((s) => [...new Set(s)].sort() as ApiKeyScope[]),
  expiresAt: z
    .union([z.iso.datetime({ offset: true }), z.number().int().max(LATEST_EXPIRY_MS, "Expiry must be before the year 10000")])
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : new Date(v)))
    .refine((d) => d === null || d.getTime() > Date.now(), "Expiry must be in the future"),
});
/** Validated at the boundary (route or action) with `createApiKeyInput`. */
export type CreateApiKeyInput = z.output<typeof createApiKeyInput>;

/** What lists and responses show of a key: never its hash or full value. */
export interface ApiKeyView {
  id: string;
  projectId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const viewColumns = {
  id: apiKeys.id,
  projectId: apiKeys.projectId,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

export async function createApiKey(
  db: Db,
  params: { project: { id: string; orgId: string }; actor: Actor; input: CreateApiKeyInput },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const { input } = params;
  const key = generateApiKey();
  const apiKey = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id: newId("key"),
        projectId: params.project.id,
        name: input.name,
        prefix: displayPrefix(key),
        keyHash: hashApiKey(key),
        scopes: input.scopes,
        createdBy: params.actor.userId,
        expiresAt: input.expiresAt,
      })
      .returning(viewColumns);
    await recordAudit(tx, {
      orgId: params.project.orgId,
      projectId: params.project.id,
      actor: params.actor,
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    return row;
  });
  return { key, apiKey };
}

export async function listApiKeys(db: Db, projectId: string): Promise<ApiKeyView[]> {
  return db
    .select(viewColumns)
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(
  db: Db,
  params: { project: { id: string; orgId: string }; keyId: string; actor: Actor },
): Promise<ApiKeyView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.projectId, params.project.id), eq(apiKeys.id, params.keyId)))
      .returning({ ...viewColumns, keyHash: apiKeys.keyHash });
    if (!row) throw new NotFoundError("API key");
    await recordAudit(tx, {
      orgId: params.project.orgId,
      projectId: params.project.id,
      actor: params.actor,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix },
    });
    verifiedKeys().delete(row.keyHash);
    const { keyHash: _hash, ...view } = row;
    return view;
  });
}

/** The caller a valid API key stands for. */
export interface ApiKeyPrincipal {
  kind: "api_key";
  keyId: string;
  projectId: string;
  orgId: string;
  scopes: ApiKeyScope[];
}

interface CachedKey {
  principal: ApiKeyPrincipal;
  expiresAt: Date | null;
  revokedAt: Date | null;
  cachedAt: number;
}

/**
 * Verified keys are cached per process for at most REVOCATION_DELAY_MS: revocation in
 * another replica then takes effect within that time (API.md promises 5 s), while the
 * ingest hot path skips the lookup. Bounded so that a flood of distinct keys cannot grow it.
 */
const REVOCATION_DELAY_MS = 4_000;
const CACHE_MAX_ENTRIES = 10_000;
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

function verifiedKeys(): Map<string, CachedKey> {
  return processSingleton("api-key-cache", () => new Map<string, CachedKey>());
}
function lastTouched(): Map<string, number> {
  return processSingleton("api-key-touched", () => new Map<string, number>());
}

/**
 * Resolves a bearer token to its key, or throws 401 for anything malformed, unknown,
 * expired or revoked (one answer for all, so the reason is not disclosed).
 */
export async function verifyApiKey(db: Db, token: string): Promise<ApiKeyPrincipal> {
  if (!isWellFormedApiKey(token)) throw new UnauthorizedError("Invalid API key.");
  const hash = hashApiKey(token);
  const now = Date.now();
  let entry = verifiedKeys().get(hash);
  if (!entry || now - entry.cachedAt > REVOCATION_DELAY_MS) {
    const [row] = await db
      .select({
        keyId: apiKeys.id,
        projectId: apiKeys.projectId,
        orgId: projects.orgId,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .innerJoin(projects, eq(projects.id, apiKeys.projectId))
      .where(eq(apiKeys.keyHash, hash))
      .limit(1);
    if (!row) throw new UnauthorizedError("Invalid API key.");
    entry = {
      principal: { kind: "api_key", keyId: row.keyId, projectId: row.projectId, orgId: row.orgId, scopes: row.scopes },
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      cachedAt: now,
    };
    const cache = verifiedKeys();
    if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(hash, entry);
  }
  if (entry.revokedAt) throw new UnauthorizedError("This API key has been revoked.");
  if (entry.expiresAt && entry.expiresAt.getTime() <= now) throw new UnauthorizedError("This API key has expired.");
  touchLastUsed(db, entry.principal);
  return entry.principal;
}

/** Records use at most once a minute per key, off the request's critical path. */
function touchLastUsed(db: Db, principal: ApiKeyPrincipal): void {
  const touched = lastTouched();
  const now = Date.now();
  if (now - (touched.get(principal.keyId) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
  if (touched.size >= CACHE_MAX_ENTRIES) touched.clear();
  touched.set(principal.keyId, now);
  db.update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.projectId, principal.projectId),
        eq(apiKeys.id, principal.keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    )
    .then(
      () => undefined,
      (err: unknown) => log.warn("could not record API key use", { keyId: principal.keyId, err }),
    );
}
