import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { isStorableText, storableString } from "@/lib/text";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { memberships, organizations, projects, type Organization, type Role } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { purgeProjectTelemetry } from "@/lib/ingest/retention";
import { assertCan } from "./permissions";
import { isReservedSlug, slugify, withSuffix } from "./slugs";

export const organizationNameInput = z.object({
  name: storableString().trim().min(2, "At least 2 characters").max(80, "At most 80 characters"),
});

export interface OrganizationWithRole extends Organization {
  role: Role;
}

/** Creates an organization with its creator as owner. The slug is derived from the name. */
export async function createOrganization(
  db: Db,
  params: { actor: Actor; name: string },
): Promise<Organization> {
  const { name } = organizationNameInput.parse({ name: params.name });
  return db.transaction(async (tx) => {
    const base = slugify(name);
    let slug = isReservedSlug(base) ? withSuffix(base) : base;
    let org: Organization | undefined;
    for (let attempt = 0; attempt < 5 && !org; attempt++) {
      [org] = await tx
        .insert(organizations)
        .values({ id: newId("org"), slug, name })
        .onConflictDoNothing({ target: organizations.slug })
        .returning();
      slug = withSuffix(base);
    }
    if (!org) throw new ConflictError("Could not find a free URL for this organization; try another name.");
    await tx.insert(memberships).values({ orgId: org.id, userId: params.actor.userId, role: "owner" });
    await recordAudit(tx, {
      orgId: org.id,
      actor: params.actor,
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      metadata: { name: org.name, slug: org.slug },
    });
    return org;
  });
}

export async function listOrganizationsForUser(db: Db, userId: string): Promise<OrganizationWithRole[]> {
  const rows = await db
    .select({ org: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
  return rows.map((r) => ({ ...r.org, role: r.role }));
}

/** The organization by slug, if the user is a member; otherwise NotFound (never Forbidden). */
export async function getOrganizationForMember(
  db: Db,
  params: { userId: string; orgSlug: string },
): Promise<OrganizationWithRole> {
  // A slug from a client (a server action's argument) that PostgreSQL cannot even compare.
  if (!isStorableText(params.orgSlug)) throw new NotFoundError("organization");
  const [row] = await db
    .select({ org: organizations, role: memberships.role })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, params.userId)))
    .where(eq(organizations.slug, params.orgSlug))
    .limit(1);
  if (!row) throw new NotFoundError("organization");
  return { ...row.org, role: row.role };
}

export async function renameOrganization(
  db: Db,
  params: { org: OrganizationWithRole; actor: Actor; name: string },
): Promise<Organization> {
  assertCan(params.org.role, "manageProjects");
  const { name } = organizationNameInput.parse({ name: params.name });
  return db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({ name })
      .where(eq(organizations.id, params.org.id))
      .returning();
    if (!org) throw new NotFoundError("organization");
    await recordAudit(tx, {
      orgId: org.id,
      actor: params.actor,
      action: "organization.updated",
      targetType: "organization",
      targetId: org.id,
      metadata: { name },
    });
    return org;
  });
}

/** Owners only, and only with the organization's slug typed as confirmation. */
export async function deleteOrganization(
  db: Db,
  params: { org: OrganizationWithRole; confirmation: string },
): Promise<void> {
  assertCan(params.org.role, "deleteOrganization");
  if (params.confirmation !== params.org.slug) {
    throw new ValidationError([{ pointer: "/confirmation", message: `Type "${params.org.slug}" to confirm` }]);
  }
  // Projects and everything of theirs go with it.
  await db.transaction(async (tx) => {
    const doomed = await tx.delete(projects).where(eq(projects.orgId, params.org.id)).returning({ id: projects.id });
    for (const { id } of doomed) await purgeProjectTelemetry(tx, id);
    await tx.delete(organizations).where(eq(organizations.id, params.org.id));
  });
}
