"use client";

import { Select, SelectItem, TextInput } from "@tremor/react";
import { useActionState, useState } from "react";
import {
  changeMemberRoleAction,
  createInvitationAction,
  removeMemberAction,
  renameOrganizationAction,
  revokeInvitationAction,
} from "@/lib/actions/dashboard";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { FormMessage, fieldError, submitted } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/actions/action-result";
import type { Role } from "@/lib/db/schema";
import { SimpleForm } from "./simple-form";

const ROLE_HELP: Record<Role, string> = {
  owner: "Owner — everything, including deleting the organization",
  admin: "Admin — manages projects, API keys, channels and members",
  member: "Member — works with data: triages issues, edits alert rules",
  viewer: "Viewer — reads dashboards only",
};

export function RenameOrganizationForm({ orgSlug, name }: { orgSlug: string; name: string }) {
  return (
    <SimpleForm action={renameOrganizationAction.bind(null, orgSlug)} submitLabel="Save">
      {(state) => (
        <Field id="org-name" label="Organization name" error={fieldError(state, "name")}>
          <TextInput id="org-name" name="name" defaultValue={submitted(state, "name", name)} error={!!fieldError(state, "name")} />
        </Field>
      )}
    </SimpleForm>
  );
}

export function InviteForm({ orgSlug, canInviteOwner }: { orgSlug: string; canInviteOwner: boolean }) {
  const [state, formAction] = useActionState(createInvitationAction.bind(null, orgSlug), idle);
  const [role, setRole] = useState<Role>("member");
  const roles: Role[] = canInviteOwner ? ["viewer", "member", "admin", "owner"] : ["viewer", "member", "admin"];
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
        <Field id="invite-email" label="E-mail (optional, for your records)" error={fieldError(state, "email")}>
          <TextInput id="invite-email" name="email" type="email" placeholder="teammate@example.com" defaultValue={submitted(state, "email")} error={!!fieldError(state, "email")} />
        </Field>
        <Field id="invite-role" label="Role" error={fieldError(state, "role")}>
          <input type="hidden" name="role" value={role} />
          <Select id="invite-role" value={role} onValueChange={(v) => setRole(v as Role)} enableClear={false}>
            {roles.map((r) => (
              <SelectItem key={r} value={r}>
                {r}
              </SelectItem>
            ))}
          </Select>
        </Field>
        <SubmitButton pendingText="Creating…">Create invite link</SubmitButton>
      </form>
      <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">{ROLE_HELP[role]}</p>
      <FormMessage state={state} />
      {state.status === "ok" ? (
        <div className="rounded-tremor-default border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950" role="status">
          <p className="text-tremor-default font-medium">Invitation link — share it with your teammate. It works once and expires in 7 days.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="invite-link" className="flex-1 truncate rounded bg-white px-2 py-1 text-xs dark:bg-gray-900">
              {state.data.link}
            </code>
            <CopyButton text={state.data.link} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function MemberRoleForm({ orgSlug, userId, role, roles }: { orgSlug: string; userId: string; role: Role; roles: Role[] }) {
  const [state, formAction] = useActionState(changeMemberRoleAction.bind(null, orgSlug, userId), idle);
  const [value, setValue] = useState<Role>(role);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="role" value={value} />
      <Select value={value} onValueChange={(v) => setValue(v as Role)} enableClear={false} className="w-32" aria-label="Role">
        {roles.map((r) => (
          <SelectItem key={r} value={r}>
            {r}
          </SelectItem>
        ))}
      </Select>
      {value !== role ? <SubmitButton size="xs" pendingText="Saving…">Save</SubmitButton> : null}
      {state.status === "error" ? (
        <span role="alert" className="text-tremor-label text-red-600">{state.message}</span>
      ) : null}
    </form>
  );
}

export function RemoveMemberButton({ orgSlug, userId, label }: { orgSlug: string; userId: string; label: string }) {
  const [state, formAction] = useActionState(removeMemberAction.bind(null, orgSlug, userId), idle);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <SubmitButton size="xs" variant="light" color="red" pendingText="Removing…" aria-label={`Remove ${label}`}>
        Remove
      </SubmitButton>
      {state.status === "error" ? <span role="alert" className="text-tremor-label text-red-600">{state.message}</span> : null}
    </form>
  );
}

export function RevokeInvitationButton({ orgSlug, invitationId }: { orgSlug: string; invitationId: string }) {
  const [state, formAction] = useActionState(revokeInvitationAction.bind(null, orgSlug, invitationId), idle);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <SubmitButton size="xs" variant="light" color="red" pendingText="Revoking…">
        Revoke
      </SubmitButton>
      {state.status === "error" ? <span role="alert" className="text-tremor-label text-red-600">{state.message}</span> : null}
    </form>
  );
}
