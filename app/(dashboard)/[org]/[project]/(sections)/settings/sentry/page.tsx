import type { Metadata } from "next";
import { headers } from "next/headers";
import { SentryDsnPanel } from "@/components/settings/sentry-dsn-panel";
import { getSentryDsn } from "@/lib/api-keys/sentry-dsn";
import { appOrigin } from "@/lib/app-url";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Sentry SDK" };

export default async function SentrySettings({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { project, role } = await requireProject(orgSlug, projectSlug);
  const origin = appOrigin(await headers());
  const dsn = await getSentryDsn(await getDb(), { projectId: project.id, origin });
  return <SentryDsnPanel projectId={project.id} origin={origin} canRotate={can(role, "manageKeys")} initial={{ dsn: dsn.dsn, publicKey: dsn.publicKey, projectRef: dsn.projectRef }} />;
}
