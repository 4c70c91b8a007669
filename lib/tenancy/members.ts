import { and, asc, count, eq } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { memberships, users, type Role } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { assertCan } from "./permissions";
import { isStorableText } from "@/lib/text";

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, orgId: string): Promise<Member[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.email));
}

interface MemberChange {
  org: { id: string; role: Role };
  actor: Actor;
  userId: string;
}

/**
 * Admins manage members below owner; only an owner grants, changes or removes the owner
 * role; the last owner can never be demoted or removed (the org would be unmanageable).
 */
async function loadTarget(db: Db, change: MemberChange): Promise<Role> {
  assertCan(change.org.role, "manageMembers");
  // An id from a client (a server action's argument) that PostgreSQL cannot even compare.
  if (!isStorableText(change.userId)) throw new NotFoundError("member");
  const [target] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, change.org.id), eq(memberships.userId, change.userId)))
    .limit(1);
  if (!target) throw new NotFoundError("member");
  if (target.role === "owner" && change.org.role !== "owner") {
    throw new ForbiddenError("Only an owner can change another owner.");
  }
  return target.role;
}

async function assertNotLastOwner(db: Db, orgId: string): Promise<void> {
  const [{ owners }] = await db
    .select({ owners: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  if (owners <= 1) throw new ConflictError("An organization needs at least one owner; make someone else owner first.");
}

export async function changeMemberRole(db: Db, change: MemberChange & { role: Role }): Promise<void> {
  if (change.role === "owner" && change.org.role !== "owner") {
    throw new ForbiddenError("Only an owner can make someone an owner.");
  }
  await db.transaction(async (tx) => {
    const previous = await loadTarget(tx, change);
    if (previous === change.role) return;
    if (previous === "owner") await assertNotLastOwner(tx, change.org.id);
    await tx
      .update(memberships)
      .set({ role: change.role })
      .where(and(eq(memberships.orgId, change.org.id), eq(memberships.userId, change.userId)));
    await recordAudit(tx, {
      orgId: change.org.id,
      actor: change.actor,
      action: "member.role_changed",
      targetType: "user",
      targetId: change.userId,
      metadata: { from: previous, to: change.role },
    });
  });
}

export async function removeMember(db: Db, change: MemberChange): Promise<void> {
  await db.transaction(async (tx) => {
    const previous = await loadTarget(tx, change);
    if (previous === "owner") await assertNotLastOwner(tx, change.org.id);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, change.org.id), eq(memberships.userId, change.userId)));
    await recordAudit(tx, {
      orgId: change.org.id,
      actor: change.actor,
      action: "member.removed",
      targetType: "user",
      targetId: change.userId,
      metadata: { role: previous },
    });
  });
}
