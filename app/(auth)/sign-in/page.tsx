import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/guards";
import { signInAction } from "../actions";
import { AuthForm } from "../auth-form";
import { GitHubButton } from "../github-button";

export const metadata: Metadata = { title: "Sign in" };

const errorNotices: Record<string, string> = {
  OAuthAccountNotLinked: "That GitHub account could not be linked. Sign in with your password.",
  AccessDenied: "Access was denied.",
  Configuration: "Sign-in is misconfigured on this server.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if (await currentUser()) redirect(callbackUrl?.startsWith("/") ? callbackUrl : "/");
  return (
    <>
      <AuthForm mode="sign-in" action={signInAction} callbackUrl={callbackUrl} notice={error ? (errorNotices[error] ?? "Sign-in failed. Please try again.") : undefined} />
      {githubEnabled ? <GitHubButton callbackUrl={callbackUrl} /> : null}
    </>
  );
}
