import type { Metadata } from "next";
import { awaitingDataPage } from "@/components/dashboard/awaiting-data";
import { OverviewView } from "@/components/overview/overview-view";
import { getOverview, hasTelemetry } from "@/lib/analytics/overview";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Overview" };

const EmptyOverview = awaitingDataPage("overview");

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ range?: string }> };

export default async function OverviewPage({ params, searchParams }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { project, org } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  if (!(await hasTelemetry(db, project.id))) return <EmptyOverview params={params} />;
  const range = rangeParam((await searchParams).range);
  const overview = await getOverview(db, project.id, resolveWindow({ range }));
  return <OverviewView overview={overview} range={range} basePath={`/${org.slug}/${project.slug}`} />;
}
