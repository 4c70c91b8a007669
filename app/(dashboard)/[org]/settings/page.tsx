import { Card } from "@tremor/react";
import type { Metadata } from "next";
import { deleteOrganizationAction } from "@/lib/actions/dashboard";
import { DangerZone } from "@/components/settings/danger-zone";
import { RenameOrganizationForm } from "@/components/settings/org-forms";
import { requireOrg } from "@/lib/auth/guards";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationGeneralSettings({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { org } = await requireOrg(orgSlug);
  return (
    <div className="space-y-6">
      <Card className="max-w-xl">
        <h2 className="mb-3 font-semibold">General</h2>
        {can(org.role, "manageProjects") ? (
          <RenameOrganizationForm orgSlug={org.slug} name={org.name} />
        ) : (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            {org.name} · URL <code>/{org.slug}</code>. Only admins can change these settings.
          </p>
        )}
      </Card>
      {can(org.role, "deleteOrganization") ? (
        <div className="max-w-xl">
          <DangerZone
            title="Delete organization"
            description="Deletes the organization, all of its projects and all of their data, for every member. This cannot be undone."
            confirmWord={org.slug}
            buttonLabel="Delete organization"
            action={deleteOrganizationAction.bind(null, org.slug)}
          />
        </div>
      ) : null}
    </div>
  );
}
