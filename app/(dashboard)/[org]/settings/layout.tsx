import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requireOrg } from "@/lib/auth/guards";
import { can } from "@/lib/tenancy/permissions";

export default async function OrganizationSettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { org } = await requireOrg(orgSlug);
  const base = `/${org.slug}/settings`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/members`, label: "Members & invitations" },
    ...(can(org.role, "viewAuditLog") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
  ];
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <PageHeader title="Organization settings" description={`${org.name} · you are ${org.role}`} />
      <SettingsTabs tabs={tabs} />
      {children}
    </main>
  );
}
