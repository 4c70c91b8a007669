import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { invitations, memberships, organizations, roles, type Invitation, type Organization, type Role } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { assertCan } from "./permissions";
import { isStorableText } from "@/lib/text";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const createInvitationInput = z.object({
  role: z.enum(roles),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid e-mail address"))
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an invitation link token (returned once; only its hash is stored). */
export async function createInvitation(
  db: Db,
  params: { org: { id: string; role: Role }; actor: Actor; input: z.input<typeof createInvitationInput> },
): Promise<{ token: string; invitation: Invitation }> {
  assertCan(params.org.role, "manageMembers");
  const input = createInvitationInput.parse(params.input);
  if (input.role === "owner" && params.org.role !== "owner") {
    throw new ForbiddenError("Only an owner can invite another owner.");
  }
  const token = randomBytes(24).toString("base64url");
  const invitation = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invitations)
      .values({
        id: newId("inv"),
        orgId: params.org.id,
        role: input.role,
        email: input.email ?? null,
        tokenHash: hashToken(token),
        createdBy: params.actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await recordAudit(tx, {
      orgId: params.org.id,
      actor: params.actor,
      action: "invitation.created",
      targetType: "invitation",
      targetId: row.id,
      metadata: { role: row.role, email: row.email },
    });
    return row;
  });
  return { token, invitation };
}

/** Invitations that can still be accepted. */
export async function listPendingInvitations(db: Db, orgId: string): Promise<Invitation[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(
  db: Db,
  params: { org: { id: string; role: Role }; actor: Actor; invitationId: string },
): Promise<void> {
  assertCan(params.org.role, "manageMembers");
  if (!isStorableText(params.invitationId)) throw new NotFoundError("invitation");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(eq(invitations.orgId, params.org.id), eq(invitations.id, params.invitationId), isNull(invitations.revokedAt)),
      )
      .returning({ id: invitations.id });
    if (!row) throw new NotFoundError("invitation");
    await recordAudit(tx, {
      orgId: params.org.id,
      actor: params.actor,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: row.id,
    });
  });
}

/** A usable invitation by its token; expired, revoked or used ones are NotFound. */
export async function findUsableInvitation(
  db: Db,
  token: string,
): Promise<{ invitation: Invitation; org: Organization }> {
  const [row] = await db
    .select({ invitation: invitations, org: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  if (!row) throw new NotFoundError("invitation");
  return row;
}

/**
 * Joins the organization with the invitation's role. Someone who is already a member keeps
 * the role they have: an invitation never changes an existing membership.
 */
export async function acceptInvitation(
  db: Db,
  params: { token: string; actor: Actor },
): Promise<Organization> {
  return db.transaction(async (tx) => {
    const { invitation, org } = await findUsableInvitation(tx, params.token);
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()`, acceptedBy: params.actor.userId })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw new NotFoundError("invitation");
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, params.actor.userId)));
    if (!existing) {
      await tx.insert(memberships).values({ orgId: org.id, userId: params.actor.userId, role: invitation.role });
      await recordAudit(tx, {
        orgId: org.id,
        actor: params.actor,
        action: "member.joined",
        targetType: "user",
        targetId: params.actor.userId,
        metadata: { role: invitation.role, invitationId: invitation.id },
      });
    }
    return org;
  });
}
