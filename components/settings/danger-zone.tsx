"use client";

import { Card, TextInput } from "@tremor/react";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage, fieldError } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type ActionState } from "@/lib/actions/action-result";

/** Irreversible deletion, armed only once the user has typed `confirmWord`. */
export function DangerZone({
  title,
  description,
  confirmWord,
  buttonLabel,
  action,
}: {
  title: string;
  description: string;
  confirmWord: string;
  buttonLabel: string;
  action: (prev: ActionState<never>, form: FormData) => Promise<ActionState<never>>;
}) {
  const [state, formAction] = useActionState(action, idle);
  const [typed, setTyped] = useState("");
  return (
    <Card className="ring-red-200 dark:ring-red-900">
      <h2 className="font-semibold text-red-700 dark:text-red-400">{title}</h2>
      <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{description}</p>
      <form action={formAction} className="mt-4 space-y-3">
        <Field id="confirmation" label={`Type "${confirmWord}" to confirm`} error={fieldError(state, "confirmation")}>
          <TextInput id="confirmation" name="confirmation" autoComplete="off" value={typed} onValueChange={setTyped} error={!!fieldError(state, "confirmation")} />
        </Field>
        <FormMessage state={state} />
        <SubmitButton color="red" disabled={typed.trim() !== confirmWord} pendingText="Deleting…">
          {buttonLabel}
        </SubmitButton>
      </form>
    </Card>
  );
}
