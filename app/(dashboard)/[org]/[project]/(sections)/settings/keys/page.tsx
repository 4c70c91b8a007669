import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysSettings({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { project, role } = await requireProject(orgSlug, projectSlug);
  const keys = await listApiKeys(await getDb(), project.id);
  return (
    <ApiKeysManager
      projectId={project.id}
      canManage={can(role, "manageKeys")}
      initialKeys={keys.map((k) => ({
        ...k,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        expiresAt: k.expiresAt?.toISOString() ?? null,
        revokedAt: k.revokedAt?.toISOString() ?? null,
      }))}
    />
  );
}
