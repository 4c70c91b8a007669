"use client";

import { TextInput } from "@tremor/react";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage, fieldError, submitted } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type ActionState } from "@/lib/actions/action-result";

/** One-field "name it" form, used to create organizations and projects. */
export function NameForm({
  action,
  label,
  placeholder,
  submitLabel,
  pendingText,
}: {
  action: (prev: ActionState<never>, form: FormData) => Promise<ActionState<never>>;
  label: string;
  placeholder: string;
  submitLabel: string;
  pendingText: string;
}) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field id="name" label={label} error={fieldError(state, "name")}>
        <TextInput id="name" name="name" required placeholder={placeholder} defaultValue={submitted(state, "name")} error={!!fieldError(state, "name")} />
      </Field>
      <FormMessage state={state} />
      <SubmitButton pendingText={pendingText}>{submitLabel}</SubmitButton>
    </form>
  );
}
