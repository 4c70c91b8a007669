"use client";

import { useActionState, type ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type ActionState } from "@/lib/actions/action-result";

/**
 * A settings form: fields rendered by the caller (given the state, for inline errors),
 * a save button with progress, and the outcome message.
 */
export function SimpleForm({
  action,
  submitLabel,
  children,
  className,
}: {
  action: (prev: ActionState<void>, form: FormData) => Promise<ActionState<void>>;
  submitLabel: string;
  children: (state: ActionState<void>) => ReactNode;
  className?: string;
}) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className={className ?? "space-y-4"} noValidate>
      {children(state)}
      <FormMessage state={state} />
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
