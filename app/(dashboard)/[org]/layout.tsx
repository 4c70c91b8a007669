import type { ReactNode } from "react";
import { TopBar } from "@/components/dashboard/top-bar";
import { requireOrg } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listOrganizationsForUser } from "@/lib/tenancy/organizations";

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { user, org } = await requireOrg(orgSlug);
  const orgs = await listOrganizationsForUser(await getDb(), user.userId);
  return (
    <>
      <TopBar orgs={orgs} current={org} email={user.email} />
      {children}
    </>
  );
}
