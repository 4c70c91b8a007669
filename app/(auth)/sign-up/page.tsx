import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/guards";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signUpAction } from "@/lib/actions/auth";
import { AuthForm } from "../auth-form";
import { GitHubButton } from "../github-button";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await currentUser()) redirect(safeReturnTo(callbackUrl));
  return (
    <>
      <AuthForm mode="sign-up" action={signUpAction} callbackUrl={callbackUrl} />
      {githubEnabled ? <GitHubButton callbackUrl={callbackUrl} /> : null}
    </>
  );
}
