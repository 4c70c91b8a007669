import { Badge, Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import type { Metadata } from "next";
import { InviteForm, MemberRoleForm, RemoveMemberButton, RevokeInvitationButton } from "@/components/settings/org-forms";
import { requireOrg } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { listPendingInvitations } from "@/lib/tenancy/invitations";
import { listMembers } from "@/lib/tenancy/members";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersSettings({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { user, org } = await requireOrg(orgSlug);
  const db = await getDb();
  const manage = can(org.role, "manageMembers");
  const [members, invitations] = await Promise.all([listMembers(db, org.id), manage ? listPendingInvitations(db, org.id) : []]);
  const assignable: Role[] = org.role === "owner" ? ["owner", "admin", "member", "viewer"] : ["admin", "member", "viewer"];
  return (
    <div className="space-y-6">
      {manage ? (
        <Card>
          <h2 className="mb-1 font-semibold">Invite people</h2>
          <p className="mb-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Create a link and send it to the person you want to invite. Anyone with the link can join once, within 7 days.
          </p>
          <InviteForm orgSlug={org.slug} canInviteOwner={org.role === "owner"} />
        </Card>
      ) : null}

      <Card>
        <h2 className="mb-3 font-semibold">Members ({members.length})</h2>
        <ScrollTable label="Members">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Member</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Joined</TableHeaderCell>
              {manage ? <TableHeaderCell className="text-right">Actions</TableHeaderCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {members.map((m) => {
              // Admins cannot edit owners; nobody edits themselves here (no accidental lock-out).
              const editable = manage && m.userId !== user.userId && (m.role !== "owner" || org.role === "owner");
              return (
                <TableRow key={m.userId} data-testid={`member-${m.email}`}>
                  <TableCell>
                    <div className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{m.name ?? m.email}</div>
                    <div className="text-tremor-label">{m.email}{m.userId === user.userId ? " (you)" : ""}</div>
                  </TableCell>
                  <TableCell>
                    {editable ? <MemberRoleForm orgSlug={org.slug} userId={m.userId} role={m.role} roles={assignable} /> : <Badge>{m.role}</Badge>}
                  </TableCell>
                  <TableCell>{m.joinedAt.toISOString().slice(0, 10)}</TableCell>
                  {manage ? (
                    <TableCell className="text-right">
                      {editable ? <RemoveMemberButton orgSlug={org.slug} userId={m.userId} label={m.email} /> : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </ScrollTable>
      </Card>

      {manage ? (
        <Card>
          <h2 className="mb-3 font-semibold">Pending invitations</h2>
          {invitations.length === 0 ? (
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">No pending invitations. Links you create above appear here until they are used, revoked or expire.</p>
          ) : (
            <ScrollTable label="Pending invitations">
              <TableHead>
                <TableRow>
                  <TableHeaderCell>For</TableHeaderCell>
                  <TableHeaderCell>Role</TableHeaderCell>
                  <TableHeaderCell>Expires</TableHeaderCell>
                  <TableHeaderCell className="text-right">Actions</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {invitations.map((inv) => (
                  <TableRow key={inv.id}>
                    <TableCell>{inv.email ?? "anyone with the link"}</TableCell>
                    <TableCell><Badge>{inv.role}</Badge></TableCell>
                    <TableCell>{inv.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC</TableCell>
                    <TableCell className="text-right"><RevokeInvitationButton orgSlug={org.slug} invitationId={inv.id} /></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </ScrollTable>
          )}
        </Card>
      ) : null}
    </div>
  );
}
