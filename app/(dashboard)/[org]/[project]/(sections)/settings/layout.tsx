import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requireProject } from "@/lib/auth/guards";
import { can } from "@/lib/tenancy/permissions";

export default async function ProjectSettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const base = `/${org.slug}/${project.slug}/settings`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/keys`, label: "API keys" },
    { href: `${base}/channels`, label: "Channels" },
    { href: `${base}/sentry`, label: "Sentry SDK" },
    // Members and the audit log belong to the organization: shared by all its projects.
    { href: `/${org.slug}/settings/members`, label: "Members" },
    ...(can(role, "viewAuditLog") ? [{ href: `/${org.slug}/settings/audit`, label: "Audit log" }] : []),
  ];
  return (
    <>
      <PageHeader title="Settings" description={`${project.name} in ${org.name} · you are ${role}`} />
      <SettingsTabs tabs={tabs} />
      {children}
    </>
  );
}
