import type { Metadata } from "next";
import { ChannelsManager } from "@/components/channels/channels-manager";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listChannels } from "@/lib/notify/channels";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Channels" };

/** Settings → Channels: where the project's alerts go; admins and owners manage them. */
export default async function ChannelsSettings({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const channels = await listChannels(await getDb(), project.id);
  return (
    <ChannelsManager
      projectId={project.id}
      basePath={`/${org.slug}/${project.slug}`}
      canManage={can(role, "manageChannels")}
      smtpConfigured={Boolean(env.SMTP_URL)}
      initialChannels={channels}
    />
  );
}
