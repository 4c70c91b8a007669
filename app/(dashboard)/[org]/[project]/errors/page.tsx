import type { Metadata } from "next";
import { awaitingDataPage } from "@/components/dashboard/awaiting-data";
import { IssueList } from "@/components/errors/issue-list";
import { PageHeader } from "@/components/ui/page-header";
import { listIssues, listIssuesQuery } from "@/lib/analytics/issues";
import { hasTelemetry } from "@/lib/analytics/overview";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Errors" };

const EmptyErrors = awaitingDataPage("errors");

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function ErrorsPage({ params, searchParams }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project } = await requireProject(orgSlug, projectSlug);
  const db = await getDb();
  if (!(await hasTelemetry(db, project.id))) return <EmptyErrors params={params} />;
  // A hand-edited URL with bad values falls back to the defaults rather than an error page.
  const parsed = listIssuesQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : listIssuesQuery.parse({});
  const status = query.status ?? "unresolved";
  const page = await listIssues(db, project.id, { ...query, status });
  return (
    <>
      <PageHeader title="Errors" description="Exceptions grouped into issues by fingerprint." />
      <IssueList basePath={`/${org.slug}/${project.slug}/errors`} issues={page.data} status={status} q={query.q} sort={query.sort} nextCursor={page.nextCursor} />
    </>
  );
}
