import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/guards";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signInAction } from "@/lib/actions/auth";
import { AuthForm } from "../auth-form";
import { GitHubButton } from "../github-button";

export const metadata: Metadata = { title: "Sign in" };

const errorNotices: Record<string, string> = {
  CredentialsSignin: "Wrong e-mail or password.",
  throttled: "Too many sign-in attempts for this account. Wait a minute and try again.",
  OAuthAccountNotLinked: "That GitHub account could not be linked. Sign in with your password.",
  AccessDenied: "Access was denied.",
  Configuration: "Sign-in is misconfigured on this server.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; code?: string }> }) {
  const { callbackUrl, error: authError, code } = await searchParams;
  // Auth.js redirects here with ?error= (and ?code= for credential failures).
  const error = code === "throttled" ? code : authError;
  if (await currentUser()) redirect(safeReturnTo(callbackUrl));
  return (
    <>
      <AuthForm mode="sign-in" action={signInAction} callbackUrl={callbackUrl} notice={error ? (errorNotices[error] ?? "Sign-in failed. Please try again.") : undefined} />
      {githubEnabled ? <GitHubButton callbackUrl={callbackUrl} /> : null}
    </>
  );
}
