import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { createApiKey as createKey, createApiKeyInput } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/audit/audit-log";
import { registerUser } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { hashApiKey } from "@/lib/api-keys/key-format";
import { apiKeys, type ApiKeyScope, type Organization, type Project, type User } from "@/lib/db/schema";
import { createOrganization } from "@/lib/tenancy/organizations";
import { createProject as createProj } from "@/lib/tenancy/projects";
import { getSecrets } from "@/lib/secrets";

/** Tenants for tests, built through the same lib functions the app uses. */
export async function createUser(db: Db, overrides: { email?: string; password?: string } = {}): Promise<User> {
  return registerUser(db, {
    email: overrides.email ?? `user-${randomUUID()}@example.test`,
    password: overrides.password ?? "correct horse battery staple",
    name: "Test User",
  });
}

export function actorOf(user: User): Actor {
  return { userId: user.id, email: user.email };
}

export async function createOrg(db: Db, owner: User, name = "Acme"): Promise<Organization> {
  return createOrganization(db, { actor: actorOf(owner), name });
}

export async function createProject(db: Db, owner: User, org: Organization, name = "Web"): Promise<Project> {
  return createProj(db, { org: { id: org.id, role: "owner" }, actor: actorOf(owner), name });
}

/** A user with an organization and a project in it: the smallest complete tenant. */
export async function createTenant(db: Db) {
  const user = await createUser(db);
  const org = await createOrg(db, user);
  const project = await createProject(db, user, org);
  return { user, org, project };
}

export async function createApiKey(
  db: Db,
  tenant: { user: User; project: Project },
  scopes: ApiKeyScope[],
  expiresAt?: Date,
): Promise<string> {
  const { key } = await createKey(db, {
    project: tenant.project,
    actor: actorOf(tenant.user),
    input: createApiKeyInput.parse({ name: `key ${scopes.join("+")}`, scopes }),
  });
  if (expiresAt) {
    // Expiry in the past cannot be created through the API; set it directly.
    await db.update(apiKeys).set({ expiresAt }).where(eq(apiKeys.keyHash, hashApiKey(key)));
  }
  return key;
}

/** The Cookie header a browser holds after signing in as `user` (a real Auth.js JWT). */
export async function sessionCookie(user: User): Promise<string> {
  const name = "authjs.session-token";
  const token = await encode({
    token: { sub: user.id, email: user.email, name: user.name },
    secret: getSecrets().authSecret,
    salt: name,
  });
  return `${name}=${token}`;
}
