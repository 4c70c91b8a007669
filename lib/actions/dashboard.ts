"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, toActionError, type ActionState } from "@/lib/actions/action-result";
import { currentUser, orgForAction, projectForAction } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { roles } from "@/lib/db/schema";
import { appOrigin } from "@/lib/app-url";
import { UnauthorizedError } from "@/lib/errors";
import { acceptInvitation, createInvitation, revokeInvitation } from "@/lib/tenancy/invitations";
import { changeMemberRole, removeMember } from "@/lib/tenancy/members";
import { createOrganization, deleteOrganization, renameOrganization } from "@/lib/tenancy/organizations";
import { createProject, deleteProject, updateProject } from "@/lib/tenancy/projects";

/*
 * Server actions for organizations, members, invitations and projects. Each one resolves
 * the caller through the same guards as the pages; the lib functions check the role and
 * scope every write by the organization's id.
 */

export async function createOrganizationAction(_prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  let slug: string;
  try {
    const user = await currentUser();
    if (!user) throw new UnauthorizedError("Your session has ended; sign in again.");
    slug = (await createOrganization(await getDb(), { actor: user, name: String(form.get("name") ?? "") })).slug;
  } catch (err) {
    return toActionError(err, form);
  }
  redirect(`/${slug}`);
}

export async function renameOrganizationAction(orgSlug: string, _prev: ActionState<void>, form: FormData) {
  return runAction(async () => {
    const { user, org } = await orgForAction(orgSlug);
    await renameOrganization(await getDb(), { org, actor: user, name: String(form.get("name") ?? "") });
    revalidatePath(`/${orgSlug}`, "layout");
  }, { message: "Organization renamed.", form });
}

export async function deleteOrganizationAction(orgSlug: string, _prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  try {
    const { org } = await orgForAction(orgSlug);
    await deleteOrganization(await getDb(), { org, confirmation: String(form.get("confirmation") ?? "") });
  } catch (err) {
    return toActionError(err, form);
  }
  redirect("/");
}

export async function createProjectAction(orgSlug: string, _prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  let projectSlug: string;
  try {
    const { user, org } = await orgForAction(orgSlug);
    projectSlug = (await createProject(await getDb(), { org, actor: user, name: String(form.get("name") ?? "") })).slug;
  } catch (err) {
    return toActionError(err, form);
  }
  redirect(`/${orgSlug}/${projectSlug}`);
}

export async function updateProjectAction(orgSlug: string, projectSlug: string, _prev: ActionState<void>, form: FormData) {
  return runAction(async () => {
    const { user, ...access } = await projectForAction(orgSlug, projectSlug);
    await updateProject(await getDb(), {
      access,
      actor: user,
      input: { name: String(form.get("name") ?? ""), retentionDays: form.get("retentionDays") as string },
    });
    revalidatePath(`/${orgSlug}`, "layout");
  }, { message: "Project settings saved.", form });
}

export async function deleteProjectAction(orgSlug: string, projectSlug: string, _prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  try {
    const { user, ...access } = await projectForAction(orgSlug, projectSlug);
    await deleteProject(await getDb(), { access, actor: user, confirmation: String(form.get("confirmation") ?? "") });
  } catch (err) {
    return toActionError(err, form);
  }
  revalidatePath(`/${orgSlug}`, "layout");
  redirect(`/${orgSlug}`);
}

export async function createInvitationAction(orgSlug: string, _prev: ActionState<{ link: string }>, form: FormData) {
  return runAction(async () => {
    const { user, org } = await orgForAction(orgSlug);
    const { token } = await createInvitation(await getDb(), {
      org,
      actor: user,
      input: { role: form.get("role") as never, email: String(form.get("email") ?? "") },
    });
    revalidatePath(`/${orgSlug}/settings/members`);
    return { link: `${appOrigin(await headers())}/invite/${token}` };
  }, { form });
}

export async function revokeInvitationAction(orgSlug: string, invitationId: string) {
  return runAction(async () => {
    const { user, org } = await orgForAction(orgSlug);
    await revokeInvitation(await getDb(), { org, actor: user, invitationId });
    revalidatePath(`/${orgSlug}/settings/members`);
  }, { message: "Invitation revoked." });
}

const roleInput = z.enum(roles, { error: "Choose a role" });

export async function changeMemberRoleAction(orgSlug: string, userId: string, _prev: ActionState<void>, form: FormData) {
  return runAction(async () => {
    const { user, org } = await orgForAction(orgSlug);
    await changeMemberRole(await getDb(), { org, actor: user, userId, role: roleInput.parse(form.get("role")) });
    revalidatePath(`/${orgSlug}/settings/members`);
  }, { message: "Role updated.", form });
}

export async function removeMemberAction(orgSlug: string, userId: string) {
  return runAction(async () => {
    const { user, org } = await orgForAction(orgSlug);
    await removeMember(await getDb(), { org, actor: user, userId });
    revalidatePath(`/${orgSlug}/settings/members`);
  }, { message: "Member removed." });
}

export async function acceptInvitationAction(token: string, _prev: ActionState<never>): Promise<ActionState<never>> {
  let slug: string;
  try {
    const user = await currentUser();
    if (!user) throw new UnauthorizedError("Sign in to accept this invitation.");
    slug = (await acceptInvitation(await getDb(), { token, actor: user })).slug;
  } catch (err) {
    return toActionError(err);
  }
  redirect(`/${slug}`);
}
