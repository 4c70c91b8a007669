import { Card } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { createOrganizationAction } from "@/lib/actions/dashboard";
import { NameForm } from "@/components/dashboard/name-form";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listOrganizationsForUser } from "@/lib/tenancy/organizations";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  const user = await requireUser("/orgs/new");
  const orgs = await listOrganizationsForUser(await getDb(), user.userId);
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <span className="text-2xl font-bold tracking-tight text-tremor-brand">◉ Vigil</span>
      <Card className="mt-6">
        <h1 className="text-lg font-semibold">{orgs.length ? "Create another organization" : "Create your organization"}</h1>
        <p className="mb-4 mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          An organization holds your projects and the people who work on them. You can invite your team next.
        </p>
        <NameForm action={createOrganizationAction} label="Organization name" placeholder="Acme Inc." submitLabel="Create organization" pendingText="Creating…" />
      </Card>
      {orgs.length ? (
        <p className="mt-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          Or go back to <Link className="text-tremor-brand hover:underline" href={`/${orgs[0].slug}`}>{orgs[0].name}</Link>.
        </p>
      ) : null}
    </main>
  );
}
