import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as keyRoutes from "@/app/api/v1/projects/[projectId]/api-keys/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import { listAuditLog } from "@/lib/audit/audit-log";
import { invitations, logs, memberships, projects, rollupsDay, rollupsHour, rollupsMinute, rollupsPending } from "@/lib/db/schema";
import { ZodError } from "zod";
import { DomainError, ValidationError, zodToFieldErrors } from "@/lib/errors";
import { problemOf, type Problem } from "@/lib/http/errors";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { acceptInvitation, createInvitation, findUsableInvitation, revokeInvitation } from "@/lib/tenancy/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/lib/tenancy/members";
import { registerUser } from "@/lib/auth/users";
import { createOrganization, deleteOrganization, getOrganizationForMember, renameOrganization } from "@/lib/tenancy/organizations";
import { createProject, deleteProject, getProjectBySlugs, getProjectForMember, updateProject } from "@/lib/tenancy/projects";
import { UNSTORABLE_TEXT_MESSAGE } from "@/lib/text";
import { useTestDatabase } from "./support/db";
import { actorOf, createApiKey, createTenant, createUser, sessionCookie } from "./support/factories";
import { bearer, call } from "./support/http";

const db = useTestDatabase();

/** The domain error a call fails with, as the problem the API would answer. */
async function failure(p: Promise<unknown>): Promise<Problem> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return problemOf(err);
}

/** An org with its owner and a second person joined through an invitation link. */
async function teamWith(role: "admin" | "member" | "viewer") {
  const tenant = await createTenant(db());
  const mate = await createUser(db());
  const { token } = await createInvitation(db(), { org: { id: tenant.org.id, role: "owner" }, actor: actorOf(tenant.user), input: { role } });
  await acceptInvitation(db(), { token, actor: actorOf(mate) });
  return { ...tenant, mate };
}

describe("invitations", () => {
  it("join once with the invited role; used, revoked and expired links are refused", async () => {
    const { org, user, mate } = await teamWith("viewer");
    expect((await getOrganizationForMember(db(), { userId: mate.id, orgSlug: org.slug })).role).toBe("viewer");

    const owner = { id: org.id, role: "owner" as const };
    const { token: revokedToken, invitation } = await createInvitation(db(), { org: owner, actor: actorOf(user), input: { role: "member" } });
    await revokeInvitation(db(), { org: owner, actor: actorOf(user), invitationId: invitation.id });
    const { token: expiredToken, invitation: old } = await createInvitation(db(), { org: owner, actor: actorOf(user), input: { role: "member" } });
    await db().update(invitations).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(invitations.id, old.id));
    for (const token of [revokedToken, expiredToken, "not-a-token"]) {
      expect((await failure(findUsableInvitation(db(), token))).status).toBe(404);
    }
    // Only the hash is stored.
    const [row] = await db().select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row.tokenHash).not.toContain(revokedToken);
  });

  it("members and viewers cannot invite; admins cannot invite owners", async () => {
    const { org, mate } = await teamWith("admin");
    expect((await failure(createInvitation(db(), { org: { id: org.id, role: "member" }, actor: actorOf(mate), input: { role: "viewer" } }))).status).toBe(403);
    expect((await failure(createInvitation(db(), { org: { id: org.id, role: "admin" }, actor: actorOf(mate), input: { role: "owner" } }))).status).toBe(403);
  });
});

describe("roles", () => {
  it("an owner changes a role and removes a member; the audit log records both", async () => {
    const { org, user, mate } = await teamWith("viewer");
    const owner = { id: org.id, role: "owner" as const };
    await changeMemberRole(db(), { org: owner, actor: actorOf(user), userId: mate.id, role: "admin" });
    expect((await listMembers(db(), org.id)).find((m) => m.userId === mate.id)?.role).toBe("admin");
    await removeMember(db(), { org: owner, actor: actorOf(user), userId: mate.id });
    expect((await failure(getOrganizationForMember(db(), { userId: mate.id, orgSlug: org.slug }))).status).toBe(404);
    const actions = (await listAuditLog(db(), { orgId: org.id, limit: 50 })).data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.joined", "member.role_changed", "member.removed", "invitation.created"]));
  });

  it("the last owner can be neither demoted nor removed, and admins cannot touch owners", async () => {
    const { org, user, mate } = await teamWith("admin");
    const owner = { id: org.id, role: "owner" as const };
    expect((await failure(changeMemberRole(db(), { org: owner, actor: actorOf(user), userId: user.id, role: "admin" }))).status).toBe(409);
    expect((await failure(removeMember(db(), { org: owner, actor: actorOf(user), userId: user.id }))).status).toBe(409);
    const admin = { id: org.id, role: "admin" as const };
    expect((await failure(changeMemberRole(db(), { org: admin, actor: actorOf(mate), userId: user.id, role: "viewer" }))).status).toBe(403);
    expect((await failure(changeMemberRole(db(), { org: admin, actor: actorOf(mate), userId: mate.id, role: "owner" }))).status).toBe(403);
    // With a second owner, the first may step down.
    await changeMemberRole(db(), { org: owner, actor: actorOf(user), userId: mate.id, role: "owner" });
    await changeMemberRole(db(), { org: owner, actor: actorOf(user), userId: user.id, role: "member" });
    const [{ owners }] = await db().select({ owners: count() }).from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.role, "owner")));
    expect(owners).toBe(1);
  });
});

describe("names PostgreSQL cannot store (U+0000, a lone surrogate)", () => {
  /** The field errors a write failed with, from the form's schema or the API's mapper. */
  async function fieldErrors(p: Promise<unknown>) {
    const err = await p.then(() => null, (e: unknown) => e);
    if (err instanceof ZodError) return zodToFieldErrors(err);
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).errors;
  }

  it("are refused with a message on the name, in every form and the API, instead of failing the write", async () => {
    const { user, org, project } = await createTenant(db());
    const owner = { id: org.id, role: "owner" as const };
    const access = await getProjectForMember(db(), { userId: user.id, projectId: project.id });
    const refused = [{ pointer: "/name", message: UNSTORABLE_TEXT_MESSAGE }];
    for (const name of ["Acme\u0000 Inc", "Acme \ud800"]) {
      expect(await fieldErrors(registerUser(db(), { email: `nul-${Date.now()}@example.test`, password: "correct horse battery", name }))).toEqual(refused);
      expect(await fieldErrors(createOrganization(db(), { actor: actorOf(user), name }))).toEqual(refused);
      expect(await fieldErrors(renameOrganization(db(), { org: { ...org, role: "owner" }, actor: actorOf(user), name }))).toEqual(refused);
      expect(await fieldErrors(createProject(db(), { org: owner, actor: actorOf(user), name }))).toEqual(refused);
      expect(await fieldErrors(updateProject(db(), { access, actor: actorOf(user), input: { name } }))).toEqual(refused);
      const res = await call(keyRoutes.POST, {
        path: `/api/v1/projects/${project.id}/api-keys`,
        params: { projectId: project.id },
        method: "POST",
        headers: { cookie: await sessionCookie(user) },
        body: { name, scopes: ["ingest"] },
      });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual([{ pointer: "/name", message: UNSTORABLE_TEXT_MESSAGE }]);
    }
    // Nothing was renamed or created meanwhile.
    expect((await getOrganizationForMember(db(), { userId: user.id, orgSlug: org.slug }))?.name).toBe(org.name);
  });

  it("as ids or slugs — a server action's arguments, which a client can rewrite — are not found, not a failed query", async () => {
    const { user, org, project } = await createTenant(db());
    const owner = { ...org, role: "owner" as const };
    for (const bad of ["\u0000", "a\u0000b"]) {
      const lookups: [string, () => Promise<unknown>, number][] = [
        ["organization", () => getOrganizationForMember(db(), { userId: user.id, orgSlug: bad }), 404],
        ["project by id", () => getProjectForMember(db(), { userId: user.id, projectId: bad }), 404],
        ["project by org slug", () => getProjectBySlugs(db(), { userId: user.id, orgSlug: bad, projectSlug: project.slug }), 404],
        ["project by slug", () => getProjectBySlugs(db(), { userId: user.id, orgSlug: org.slug, projectSlug: bad }), 404],
        ["member's role", () => changeMemberRole(db(), { org: owner, actor: actorOf(user), userId: bad, role: "member" }), 404],
        ["member", () => removeMember(db(), { org: owner, actor: actorOf(user), userId: bad }), 404],
        ["invitation", () => revokeInvitation(db(), { org: owner, actor: actorOf(user), invitationId: bad }), 404],
        ["invitation link", () => acceptInvitation(db(), { token: bad, actor: actorOf(user) }), 404],
      ];
      for (const [what, lookup, status] of lookups) expect((await failure(lookup())).status, `${what} ${JSON.stringify(bad)}`).toBe(status);
    }
  });
});

describe("projects", () => {
  it("an admin renames a project and sets its retention; a member may not; bad values are refused with pointers", async () => {
    const { project, mate } = await teamWith("admin");
    const access = await getProjectForMember(db(), { userId: mate.id, projectId: project.id });
    const updated = await updateProject(db(), { access, actor: actorOf(mate), input: { name: "Storefront EU", retentionDays: 14 } });
    expect(updated).toMatchObject({ name: "Storefront EU", retentionDays: 14, slug: project.slug });
    const bad = await updateProject(db(), { access, actor: actorOf(mate), input: { retentionDays: 0 } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ZodError);
    expect(zodToFieldErrors(bad as ZodError)).toEqual([{ pointer: "/retentionDays", message: "At least 1 day" }]);
    expect((await failure(updateProject(db(), { access: { ...access, role: "member" }, actor: actorOf(mate), input: { name: "x y" } }))).status).toBe(403);
  });

  it("deleting a project needs its slug typed, and takes its keys and telemetry with it", async () => {
    const tenant = await createTenant(db());
    const key = await createApiKey(db(), tenant, ["ingest", "read"]);
    await ingestBatch(db(), tenant.project.id, { events: [{ type: "log", level: "info", message: "bye" }] });
    const access = await getProjectForMember(db(), { userId: tenant.user.id, projectId: tenant.project.id });
    expect((await failure(deleteProject(db(), { access, actor: actorOf(tenant.user), confirmation: "nope" }))).status).toBe(400);
    await deleteProject(db(), { access, actor: actorOf(tenant.user), confirmation: tenant.project.slug });
    expect(await db().select().from(projects).where(eq(projects.id, tenant.project.id))).toHaveLength(0);
    const [{ n }] = await db().select({ n: count() }).from(logs).where(eq(logs.projectId, tenant.project.id));
    expect(n).toBe(0);
    // The batch's rollup deltas were still pending: they went too, and no later fold brings them back.
    await foldRollups(db());
    for (const table of [rollupsPending, rollupsMinute, rollupsHour, rollupsDay]) {
      expect(await db().select({ n: count() }).from(table).where(eq(table.projectId, tenant.project.id))).toEqual([{ n: 0 }]);
    }
    const res = await call(projectRoute.GET, { path: "/", params: { projectId: tenant.project.id }, headers: bearer(key) });
    expect(res.status).toBe(401); // the key went with the project
  });

  it("only an owner deletes the organization, by typing its slug", async () => {
    const { org, user, mate } = await teamWith("admin");
    const asAdmin = await getOrganizationForMember(db(), { userId: mate.id, orgSlug: org.slug });
    expect((await failure(deleteOrganization(db(), { org: asAdmin, confirmation: org.slug }))).status).toBe(403);
    const asOwner = await getOrganizationForMember(db(), { userId: user.id, orgSlug: org.slug });
    expect((await failure(deleteOrganization(db(), { org: asOwner, confirmation: "x" }))).status).toBe(400);
    await deleteOrganization(db(), { org: asOwner, confirmation: org.slug });
    expect((await failure(getOrganizationForMember(db(), { userId: user.id, orgSlug: org.slug }))).status).toBe(404);
  });
});

describe("API key use", () => {
  it("records when a key was last used", async () => {
    const tenant = await createTenant(db());
    const key = await createApiKey(db(), tenant, ["read"]);
    const cookie = await sessionCookie(tenant.user);
    const list = async () => (await (await call(keyRoutes.GET, { path: "/", params: { projectId: tenant.project.id }, headers: { cookie } })).json()).data;
    expect((await list())[0].lastUsedAt).toBeNull();
    expect((await call(projectRoute.GET, { path: "/", params: { projectId: tenant.project.id }, headers: bearer(key) })).status).toBe(200);
    await vi.waitFor(async () => expect((await list())[0].lastUsedAt).not.toBeNull(), { timeout: 5000 });
  });
});
