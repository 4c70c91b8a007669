import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { isStorableText, storableString } from "@/lib/text";
import { recordAudit, type Actor } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { memberships, organizations, projects, type Organization, type Project, type Role } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { purgeProjectTelemetry } from "@/lib/ingest/retention";
import { assertCan } from "./permissions";
import { slugify, withSuffix } from "./slugs";

const projectNameSchema = storableString().trim().min(2, "At least 2 characters").max(80, "At most 80 characters");
export const retentionDaysSchema = z.coerce
  .number({ error: "Enter a number of days" })
  .int("Whole days only")
  .min(1, "At least 1 day")
  .max(400, "At most 400 days");

export const updateProjectInput = z.object({
  name: projectNameSchema.optional(),
  retentionDays: retentionDaysSchema.optional(),
});

/** A project as seen by a member: with its organization and the member's role. */
export interface ProjectAccess {
  project: Project;
  org: Organization;
  role: Role;
}

export async function createProject(
  db: Db,
  params: { org: { id: string; role: Role }; actor: Actor; name: string },
): Promise<Project> {
  assertCan(params.org.role, "manageProjects");
  // Parsed as a field, so that a bad name is reported on the form's name input (/name).
  const { name } = z.object({ name: projectNameSchema }).parse({ name: params.name });
  return db.transaction(async (tx) => {
    const base = slugify(name);
    let slug = base;
    let project: Project | undefined;
    for (let attempt = 0; attempt < 5 && !project; attempt++) {
      [project] = await tx
        .insert(projects)
        .values({ id: newId("prj"), orgId: params.org.id, slug, name })
        .onConflictDoNothing({ target: [projects.orgId, projects.slug] })
        .returning();
      slug = withSuffix(base);
    }
    if (!project) throw new ConflictError("Could not find a free URL for this project; try another name.");
    await recordAudit(tx, {
      orgId: params.org.id,
      projectId: project.id,
      actor: params.actor,
      action: "project.created",
      targetType: "project",
      targetId: project.id,
      metadata: { name: project.name },
    });
    return project;
  });
}

export async function listProjects(db: Db, orgId: string): Promise<Project[]> {
  return db.select().from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.name));
}

/** A project by id for a member of its organization; a stranger's request is NotFound. */
export async function getProjectForMember(
  db: Db,
  params: { userId: string; projectId: string },
): Promise<ProjectAccess> {
  if (!isStorableText(params.projectId)) throw new NotFoundError("project");
  const [row] = await db
    .select({ project: projects, org: organizations, role: memberships.role })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.orgId))
    .innerJoin(memberships, and(eq(memberships.orgId, projects.orgId), eq(memberships.userId, params.userId)))
    .where(eq(projects.id, params.projectId))
    .limit(1);
  if (!row) throw new NotFoundError("project");
  return row;
}

/** The same, addressed by the URL's slugs. */
export async function getProjectBySlugs(
  db: Db,
  params: { userId: string; orgSlug: string; projectSlug: string },
): Promise<ProjectAccess> {
  // Slugs from a client (a server action's arguments) that PostgreSQL cannot even compare.
  if (!isStorableText(params.orgSlug) || !isStorableText(params.projectSlug)) throw new NotFoundError("project");
  const [row] = await db
    .select({ project: projects, org: organizations, role: memberships.role })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, params.userId)))
    .innerJoin(projects, and(eq(projects.orgId, organizations.id), eq(projects.slug, params.projectSlug)))
    .where(eq(organizations.slug, params.orgSlug))
    .limit(1);
  if (!row) throw new NotFoundError("project");
  return row;
}

export async function updateProject(
  db: Db,
  params: { access: ProjectAccess; actor: Actor; input: z.input<typeof updateProjectInput> },
): Promise<Project> {
  assertCan(params.access.role, "manageProjects");
  const input = updateProjectInput.parse(params.input);
  const { project: current, org } = params.access;
  return db.transaction(async (tx) => {
    const [project] = await tx
      .update(projects)
      .set(input)
      .where(and(eq(projects.orgId, org.id), eq(projects.id, current.id)))
      .returning();
    if (!project) throw new NotFoundError("project");
    await recordAudit(tx, {
      orgId: org.id,
      projectId: project.id,
      actor: params.actor,
      action: "project.updated",
      targetType: "project",
      targetId: project.id,
      metadata: input,
    });
    return project;
  });
}

/** Deletes a project and all of its data; the caller must type the project's slug. */
export async function deleteProject(
  db: Db,
  params: { access: ProjectAccess; actor: Actor; confirmation: string },
): Promise<void> {
  assertCan(params.access.role, "manageProjects");
  const { project, org } = params.access;
  if (params.confirmation.trim() !== project.slug) {
    throw new ValidationError([{ pointer: "/confirmation", message: `Type "${project.slug}" to confirm` }]);
  }
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(projects)
      .where(and(eq(projects.orgId, org.id), eq(projects.id, project.id)))
      .returning({ id: projects.id });
    if (deleted.length === 0) throw new NotFoundError("project");
    await purgeProjectTelemetry(tx, project.id);
    await recordAudit(tx, {
      orgId: org.id,
      projectId: project.id,
      actor: params.actor,
      action: "project.deleted",
      targetType: "project",
      targetId: project.id,
      metadata: { name: project.name, slug: project.slug },
    });
  });
}

export interface ProjectSummary {
  id: string;
  orgId: string;
  name: string;
  slug: string;
  retentionDays: number;
  createdAt: Date;
}

export async function getProjectSummary(db: Db, projectId: string): Promise<ProjectSummary> {
  const [row] = await db
    .select({
      id: projects.id,
      orgId: projects.orgId,
      name: projects.name,
      slug: projects.slug,
      retentionDays: projects.retentionDays,
      createdAt: projects.createdAt,
    })
    .from(projects)
    .where(eq(projects.id, projectId))
    .limit(1);
  if (!row) throw new NotFoundError("project");
  return row;
}
