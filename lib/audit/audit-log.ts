import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditLog, type AuditAction } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { decodeCursor, encodeCursor, type Page } from "@/lib/pagination";

/** Who did it: a signed-in user. */
export interface Actor {
  userId: string;
  email: string | null;
}

export interface AuditInput {
  orgId: string;
  projectId?: string | null;
  actor: Actor | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  metadata?: Record<string, unknown>;
}

/** Call inside the transaction that makes the change, so the log never disagrees with it. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    id: newId("aud"),
    orgId: entry.orgId,
    projectId: entry.projectId ?? null,
    actorUserId: entry.actor?.userId ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    metadata: entry.metadata ?? {},
  });
}

/** The kind of the audit log's cursors (lib/pagination.ts). */
export const AUDIT_LOG_CURSOR = "audit-log";

export async function listAuditLog(
  db: Db,
  params: { orgId: string; limit: number; cursor?: string | null },
): Promise<Page<typeof auditLog.$inferSelect>> {
  const after = params.cursor ? decodeCursor(AUDIT_LOG_CURSOR, params.cursor) : null;
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, params.orgId),
        after
          ? or(
              lt(auditLog.createdAt, new Date(after.t)),
              and(eq(auditLog.createdAt, new Date(after.t)), lt(auditLog.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(params.limit + 1);
  const data = rows.slice(0, params.limit);
  const last = data.at(-1);
  return {
    data,
    nextCursor: rows.length > params.limit && last ? encodeCursor(AUDIT_LOG_CURSOR, { t: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
