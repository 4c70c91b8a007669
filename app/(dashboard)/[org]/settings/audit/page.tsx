import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuditLogTable } from "@/components/settings/audit-log-table";
import { requireOrg } from "@/lib/auth/guards";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditSettings({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { org: orgSlug } = await params;
  const { cursor } = await searchParams;
  const { org } = await requireOrg(orgSlug);
  if (!can(org.role, "viewAuditLog")) notFound();
  return <AuditLogTable orgId={org.id} cursor={cursor} basePath={`/${org.slug}/settings/audit`} />;
}
