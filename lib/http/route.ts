import { verifyApiKey, type ApiKeyPrincipal } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/audit/audit-log";
import { readSessionUser, type SessionUser } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import type { ApiKeyScope, Project, Role } from "@/lib/db/schema";
import { assertCan, type Permission } from "@/lib/tenancy/permissions";
import { getProjectForMember } from "@/lib/tenancy/projects";
import { isStorableText } from "@/lib/text";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { bearerCredential, credentialOf, type CredentialExtractor } from "./credentials";
import { problemResponse } from "./errors";
import { hasSameOrigin } from "./same-origin";

export type Caller = SessionUser | ApiKeyPrincipal;

type RouteContext<P> = { params: Promise<P> };

/** What a project route handler receives once the guard has let the caller in. */
export interface ProjectContext<P> {
  request: Request;
  params: P;
  db: Db;
  caller: Caller;
  project: Pick<Project, "id" | "orgId">;
  /** The member's role; undefined for API keys (their scopes were checked instead). */
  role?: Role;
}

export interface ProjectGuardOptions {
  /** Permission a signed-in member needs. */
  permission: Permission;
  /** Scope an API key of the project needs. */
  scope: ApiKeyScope;
}

/** Bearer token → API key; otherwise the session cookie; otherwise 401. */
async function resolveCaller(request: Request, db: Db): Promise<Caller> {
  const token = bearerCredential(request);
  if (token !== null) return verifyApiKey(db, token);
  const user = await readSessionUser(request.headers);
  if (!user) throw new UnauthorizedError("Sign in or send an API key.");
  return user;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated mutations must come from our own pages: the browser's Origin has to
 * match the host the request was sent to (CSRF defence; API keys are not ambient, so exempt).
 */
function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!hasSameOrigin(request.headers)) throw new ForbiddenError("Cross-origin request refused.");
}

function assertScope(key: ApiKeyPrincipal, scope: ApiKeyScope): void {
  if (!key.scopes.includes(scope)) throw new ForbiddenError(`This API key lacks the \`${scope}\` scope.`);
}

type ProjectCaller =
  | { kind: "api_key"; key: ApiKeyPrincipal }
  | { kind: "user"; user: SessionUser; project: Project; role: Role };

/**
 * Who is calling a project route, and may they see the project at all? Another project's
 * key and a non-member both get 404 — whether the project exists or not.
 */
async function resolveProjectCaller(request: Request, db: Db, projectId: string): Promise<ProjectCaller> {
  const caller = await resolveCaller(request, db);
  if (caller.kind === "api_key") {
    if (caller.projectId !== projectId) throw new NotFoundError("project");
    return { kind: "api_key", key: caller };
  }
  const access = await getProjectForMember(db, { userId: caller.userId, projectId });
  assertSameOrigin(request);
  return { kind: "user", user: caller, project: access.project, role: access.role };
}

/**
 * The route's path parameters, or 404: a segment holding U+0000 or a lone surrogate names
 * nothing that can be stored, and must not reach a query (PostgreSQL refuses it).
 */
async function pathParams<P extends object>(context: RouteContext<P>): Promise<P> {
  const params = await context.params;
  for (const value of Object.values(params)) {
    const parts: unknown[] = Array.isArray(value) ? value : [value];
    if (parts.some((part) => typeof part === "string" && !isStorableText(part))) throw new NotFoundError();
  }
  return params;
}

/** Runs a route body, turning anything it throws into problem+json. */
function guarded<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (err) {
      return problemResponse(err);
    }
  };
}

/**
 * The guard for `/api/v1/projects/{projectId}/…` that people and API keys may call: checks
 * the member's role or the key's scope.
 */
export function withProject<P extends { projectId: string }>(
  options: ProjectGuardOptions,
  handler: (ctx: ProjectContext<P>) => Promise<Response>,
) {
  return guarded(async (request: Request, context: RouteContext<P>) => {
    const params = await pathParams(context);
    const db = await getDb();
    const caller = await resolveProjectCaller(request, db, params.projectId);
    if (caller.kind === "api_key") {
      assertScope(caller.key, options.scope);
      return handler({ request, params, db, caller: caller.key, project: { id: caller.key.projectId, orgId: caller.key.orgId } });
    }
    assertCan(caller.role, options.permission);
    return handler({ request, params, db, caller: caller.user, project: caller.project, role: caller.role });
  });
}

/** What a session-only project route receives: always a member, with their role. */
export interface MemberProjectContext<P> extends ProjectContext<P> {
  caller: SessionUser;
  role: Role;
  actor: Actor;
}

/**
 * The guard for project routes that only people may call (managing keys, members): an API
 * key of the project gets 403, any other key 404.
 */
export function withMemberProject<P extends { projectId: string }>(
  options: { permission: Permission },
  handler: (ctx: MemberProjectContext<P>) => Promise<Response>,
) {
  return guarded(async (request: Request, context: RouteContext<P>) => {
    const params = await pathParams(context);
    const db = await getDb();
    const caller = await resolveProjectCaller(request, db, params.projectId);
    if (caller.kind === "api_key") throw new ForbiddenError("This endpoint needs a signed-in user, not an API key.");
    assertCan(caller.role, options.permission);
    const actor = { userId: caller.user.userId, email: caller.user.email };
    return handler({ request, params, db, caller: caller.user, project: caller.project, role: caller.role, actor });
  });
}

/**
 * The guard for ingest: the project comes from the key alone, found by the first of
 * `credentials` that the request uses (Bearer unless a format adds its own ways).
 */
export function withIngestKey(
  options: { scope: ApiKeyScope; credentials?: CredentialExtractor[] },
  handler: (ctx: { request: Request; db: Db; key: ApiKeyPrincipal }) => Promise<Response>,
) {
  const extractors = options.credentials ?? [bearerCredential];
  return guarded<void>(async (request: Request) => {
    const token = credentialOf(request, extractors);
    if (token === null) throw new UnauthorizedError("Send an API key: `Authorization: Bearer <api key>`.");
    const db = await getDb();
    const key = await verifyApiKey(db, token);
    assertScope(key, options.scope);
    return handler({ request, db, key });
  });
}

/**
 * The guard for routes of the signed-in user across their organizations (the inbox): a
 * session, never an API key (403: keys belong to one project).
 */
export function withUser(handler: (ctx: { request: Request; db: Db; user: SessionUser }) => Promise<Response>) {
  return guarded<unknown>(async (request: Request) => {
    const db = await getDb();
    const caller = await resolveCaller(request, db);
    if (caller.kind === "api_key") throw new ForbiddenError("This endpoint needs a signed-in user, not an API key.");
    assertSameOrigin(request);
    return handler({ request, db, user: caller });
  });
}
