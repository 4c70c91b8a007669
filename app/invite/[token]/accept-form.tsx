"use client";

import { useActionState } from "react";
import { acceptInvitationAction } from "@/lib/actions/dashboard";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/actions/action-result";

export function AcceptInvitationForm({ token, email }: { token: string; email: string | null }) {
  const [state, formAction] = useActionState(acceptInvitationAction.bind(null, token), idle);
  return (
    <form action={formAction} className="space-y-3">
      {email ? <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">Signed in as {email}.</p> : null}
      <FormMessage state={state} />
      <SubmitButton pendingText="Joining…">Accept invitation</SubmitButton>
    </form>
  );
}
