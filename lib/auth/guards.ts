import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/audit-log";
import { getDb } from "@/lib/db/client";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { getOrganizationForMember } from "@/lib/tenancy/organizations";
import { getProjectBySlugs } from "@/lib/tenancy/projects";
import { auth } from "./auth";

/**
 * The guards for pages and server actions (the session kind of caller): the signed-in
 * user, and the organization or project they address, where a stranger's is a 404.
 * Wrapped in React's cache so a layout and its page share one lookup per request.
 */
export const currentUser = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  return session?.user?.id ? { userId: session.user.id, email: session.user.email ?? null } : null;
});

export async function requireUser(returnTo?: string): Promise<Actor> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}

/** A page's lookup whose `NotFoundError` (a missing row or a stranger's) is the page's 404. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export const requireOrg = cache(async (orgSlug: string) => {
  const user = await requireUser(`/${orgSlug}`);
  const org = await orNotFound(getOrganizationForMember(await getDb(), { userId: user.userId, orgSlug }));
  return { user, org };
});

export const requireProject = cache(async (orgSlug: string, projectSlug: string) => {
  const user = await requireUser(`/${orgSlug}/${projectSlug}`);
  const access = await orNotFound(getProjectBySlugs(await getDb(), { userId: user.userId, orgSlug, projectSlug }));
  return { user, ...access };
});

/** For server actions: the same checks, thrown as typed errors that become form messages. */
export async function orgForAction(orgSlug: string) {
  const user = await currentUser();
  if (!user) throw new UnauthorizedError("Your session has ended; sign in again.");
  const org = await getOrganizationForMember(await getDb(), { userId: user.userId, orgSlug });
  return { user, org };
}

export async function projectForAction(orgSlug: string, projectSlug: string) {
  const user = await currentUser();
  if (!user) throw new UnauthorizedError("Your session has ended; sign in again.");
  const access = await getProjectBySlugs(await getDb(), { userId: user.userId, orgSlug, projectSlug });
  return { user, ...access };
}
