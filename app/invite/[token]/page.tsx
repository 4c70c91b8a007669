import { Card } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { findUsableInvitation } from "@/lib/tenancy/invitations";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findUsableInvitation(await getDb(), token).catch((err) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  const user = await currentUser();
  const returnTo = encodeURIComponent(`/invite/${token}`);
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <span className="text-2xl font-bold tracking-tight text-tremor-brand">◉ Vigil</span>
      <Card className="mt-6 space-y-4">
        {!invitation ? (
          <>
            <h1 className="text-lg font-semibold">This invitation can’t be used</h1>
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              It has expired, was revoked, or has already been accepted. Ask an admin of the organization for a new link.
            </p>
          </>
        ) : (
          <>
            <h1 className="text-lg font-semibold">Join {invitation.org.name}</h1>
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              You have been invited as <strong>{invitation.invitation.role}</strong>.
            </p>
            {user ? (
              <AcceptInvitationForm token={token} email={user.email} />
            ) : (
              <p className="text-tremor-default">
                <Link className="font-medium text-tremor-brand hover:underline" href={`/sign-up?callbackUrl=${returnTo}`}>Create an account</Link>{" "}
                or <Link className="font-medium text-tremor-brand hover:underline" href={`/sign-in?callbackUrl=${returnTo}`}>sign in</Link> to accept.
              </p>
            )}
          </>
        )}
      </Card>
    </main>
  );
}
