import type { Role } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";

/**
 * What each role may do. viewer reads only; member also triages (resolves issues, edits
 * alert rules); admin manages keys, channels, members and projects; owner also deletes
 * the organization and manages other owners.
 */
const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const minimumRole = {
  read: "viewer",
  triage: "member",
  manageKeys: "admin",
  manageChannels: "admin",
  manageMembers: "admin",
  manageProjects: "admin",
  viewAuditLog: "admin",
  deleteOrganization: "owner",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof minimumRole;

export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}

export function can(role: Role, permission: Permission): boolean {
  return hasRole(role, minimumRole[permission]);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new ForbiddenError(`Your role (${role}) does not allow this; it needs ${minimumRole[permission]} or above.`);
  }
}
