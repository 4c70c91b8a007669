"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signInInput, signUpInput, registerUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { submittedValues, toActionError, type ActionState } from "@/lib/actions/action-result";
import { ValidationError, zodToFieldErrors } from "@/lib/errors";

async function signInWithPassword(email: string, password: string, returnTo: string, form: FormData): Promise<ActionState<never>> {
  const values = submittedValues(form);
  try {
    await signIn("credentials", { email, password, redirectTo: returnTo });
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "throttled") {
      return { status: "error", message: "Too many sign-in attempts for this account. Wait a minute and try again.", fieldErrors: {}, values };
    }
    if (err instanceof AuthError) {
      // One answer for an unknown e-mail and a wrong password.
      return { status: "error", message: "Wrong e-mail or password.", fieldErrors: {}, values };
    }
    throw err; // the redirect that completes a successful sign-in
  }
  return { status: "error", message: "Sign-in did not complete.", fieldErrors: {}, values };
}

export async function signInAction(_prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return toActionError(new ValidationError(zodToFieldErrors(parsed.error)), form);
  return signInWithPassword(parsed.data.email, parsed.data.password, safeReturnTo(form.get("callbackUrl")), form);
}

export async function signUpAction(_prev: ActionState<never>, form: FormData): Promise<ActionState<never>> {
  const input = { name: form.get("name") ?? "", email: form.get("email"), password: form.get("password") };
  const parsed = signUpInput.safeParse(input);
  if (!parsed.success) return toActionError(new ValidationError(zodToFieldErrors(parsed.error)), form);
  try {
    await registerUser(await getDb(), parsed.data);
  } catch (err) {
    return toActionError(err, form);
  }
  return signInWithPassword(parsed.data.email, parsed.data.password, safeReturnTo(form.get("callbackUrl")), form);
}

export async function signOutAction(): Promise<void> {
  await headers(); // dynamic: never prerendered
  await signOut({ redirectTo: "/sign-in" });
}

export async function signInWithGitHubAction(form: FormData): Promise<void> {
  await signIn("github", { redirectTo: safeReturnTo(form.get("callbackUrl")) });
}
