import { Badge, Card } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { EnabledBadge } from "@/components/channels/channel-parts";
import { channelTarget, TYPE_LABELS } from "@/components/channels/channel-words";
import { DeliveryLog } from "@/components/channels/delivery-log";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound, requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { channelRow, channelView } from "@/lib/notify/channels";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Channel" };

/**
 * One channel and its delivery log; a missing or another project's channel is a 404. The
 * page sits beside (sections), like a rule's or an incident's, so that its 404 is a real
 * status and not a page streamed after the section's loading state.
 */
export default async function ChannelPage({ params }: { params: Promise<{ org: string; project: string; channelId: string }> }) {
  const { org: orgSlug, project: projectSlug, channelId } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const channel = channelView(await orNotFound(channelRow(await getDb(), project.id, channelId)));
  const basePath = `/${org.slug}/${project.slug}`;
  return (
    <div className="space-y-4">
      <Link href={`${basePath}/settings/channels`} className="text-tremor-default text-tremor-brand hover:underline">
        ← Channels
      </Link>
      <PageHeader title={channel.name} description={`${TYPE_LABELS[channel.type]} channel of ${project.name}: every notice sent through it, with its attempts.`} />
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Badge color="slate">{TYPE_LABELS[channel.type]}</Badge>
          <EnabledBadge channel={channel} />
        </div>
        <p className="mt-1 break-all text-tremor-default text-tremor-content dark:text-dark-tremor-content">{channelTarget(channel)}</p>
        {channel.disabledReason ? <p className="mt-1 text-tremor-label text-amber-700 dark:text-amber-300">Disabled: {channel.disabledReason}</p> : null}
        {channel.problem ? <p className="mt-1 text-tremor-label text-amber-700 dark:text-amber-300">{channel.problem}</p> : null}
      </Card>
      <DeliveryLog projectId={project.id} channelId={channel.id} basePath={basePath} canManage={can(role, "manageChannels")} />
    </div>
  );
}
