"use client";

import { Card, TextInput } from "@tremor/react";
import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage, fieldError, submitted } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type ActionState } from "@/lib/actions/action-result";

type Action = (prev: ActionState<never>, form: FormData) => Promise<ActionState<never>>;

/** The sign-in and sign-up forms: same fields, inline errors, progress while submitting. */
export function AuthForm({ mode, action, callbackUrl, notice }: { mode: "sign-in" | "sign-up"; action: Action; callbackUrl?: string; notice?: string }) {
  const [state, formAction] = useActionState(action, idle);
  const signUp = mode === "sign-up";
  const query = callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : "";
  return (
    <Card>
      <h1 className="mb-4 text-lg font-semibold">{signUp ? "Create your account" : "Sign in to Vigil"}</h1>
      {notice ? <p className="mb-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">{notice}</p> : null}
      <form action={formAction} className="space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
        {signUp ? (
          <Field id="name" label="Name" error={fieldError(state, "name")}>
            <TextInput id="name" name="name" autoComplete="name" placeholder="Ada Lovelace" defaultValue={submitted(state, "name")} error={!!fieldError(state, "name")} />
          </Field>
        ) : null}
        <Field id="email" label="E-mail" error={fieldError(state, "email")}>
          <TextInput id="email" name="email" type="email" autoComplete="email" required placeholder="you@example.com" defaultValue={submitted(state, "email")} error={!!fieldError(state, "email")} />
        </Field>
        <Field id="password" label="Password" error={fieldError(state, "password")} hint={signUp ? "At least 8 characters." : undefined}>
          <TextInput
            id="password"
            name="password"
            type="password"
            autoComplete={signUp ? "new-password" : "current-password"}
            required
            error={!!fieldError(state, "password")}
          />
        </Field>
        <FormMessage state={state} />
        <SubmitButton className="w-full" pendingText={signUp ? "Creating account…" : "Signing in…"}>
          {signUp ? "Create account" : "Sign in"}
        </SubmitButton>
      </form>
      <p className="mt-4 text-center text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        {signUp ? "Already have an account? " : "New to Vigil? "}
        <Link className="font-medium text-tremor-brand hover:underline" href={(signUp ? "/sign-in" : "/sign-up") + query}>
          {signUp ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </Card>
  );
}
