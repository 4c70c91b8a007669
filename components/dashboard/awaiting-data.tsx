import { Card } from "@tremor/react";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import { hasTelemetry } from "@/lib/analytics/overview";
import { requireProject } from "@/lib/auth/guards";
import { getDb, type Db } from "@/lib/db/client";
import { appOrigin } from "@/lib/app-url";
import { can } from "@/lib/tenancy/permissions";
import { LoadSampleData } from "./load-sample-data";
import { PROJECT_SECTION_CONTENT, type ProjectSection } from "./section-content";
import { ingestCurl, type TelemetryType } from "./sample-events";

/**
 * The honest empty state of a dashboard page that has no data yet: what the page will
 * show, and the exact request that makes data appear.
 */
export async function AwaitingData({
  title,
  description,
  willShow,
  types,
  keysHref,
  sampleData,
}: {
  title: string;
  description: string;
  willShow: string[];
  types: TelemetryType[];
  keysHref: string;
  /** Offer "Load sample data" (only to those who may manage the project, and only while it has no telemetry). */
  sampleData?: { orgSlug: string; projectSlug: string };
}) {
  const origin = appOrigin(await headers());
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card data-testid="empty-state">
        <h2 className="font-semibold">No data yet</h2>
        <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">Once this project receives telemetry, this page shows:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
          {willShow.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h3 className="mt-6 font-semibold">Send your first event</h3>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          <li>
            Create an API key with the <code>ingest</code> scope in{" "}
            <Link href={keysHref} className="text-tremor-brand hover:underline">
              Settings → API keys
            </Link>
            .
          </li>
          <li>
            Put it in <code>VIGIL_API_KEY</code> and run:
          </li>
        </ol>
        <div className="mt-3">
          <CodeBlock code={ingestCurl(origin, types)} />
        </div>
        {sampleData ? (
          <div className="mt-6 border-t border-tremor-border pt-4 dark:border-dark-tremor-border" data-testid="sample-data">
            <p className="mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              Or explore Vigil with a week of generated telemetry: deployments, functions, requests, errors, logs and Web Vitals.
            </p>
            <LoadSampleData orgSlug={sampleData.orgSlug} projectSlug={sampleData.projectSlug} />
          </div>
        ) : null}
      </Card>
    </>
  );
}

type SectionPageProps = { params: Promise<{ org: string; project: string }> };

export function sectionMetadata(section: ProjectSection): Metadata {
  return { title: PROJECT_SECTION_CONTENT[section].title };
}

/** A project section whose data arrives with a later feature: its honest empty state. */
export function awaitingDataPage(section: ProjectSection) {
  return async function SectionPage({ params }: SectionPageProps) {
    const { org: orgSlug, project: projectSlug } = await params;
    const { org, project, role } = await requireProject(orgSlug, projectSlug);
    const content = PROJECT_SECTION_CONTENT[section];
    // Sections whose data page comes later render this even when the project has data; sample data is for empty projects only.
    const offerSampleData = can(role, "manageProjects") && !(await hasTelemetry(await getDb(), project.id));
    return (
      <AwaitingData
        title={content.title}
        description={content.description}
        types={[...content.types]}
        willShow={[...content.willShow]}
        keysHref={`/${org.slug}/${project.slug}/settings/keys`}
        sampleData={offerSampleData ? { orgSlug: org.slug, projectSlug: project.slug } : undefined}
      />
    );
  };
}

type SearchParams = Record<string, string | undefined>;
type ProjectAccess = Awaited<ReturnType<typeof requireProject>>;

/**
 * A section page that shows data once the project has stored any telemetry, and its empty
 * state before: the access check, the database and the query string, resolved once here.
 */
export function dataPage(section: ProjectSection, render: (ctx: ProjectAccess & { db: Db; searchParams: SearchParams }) => Promise<ReactNode>) {
  const Empty = awaitingDataPage(section);
  return async function DataPage({ params, searchParams }: SectionPageProps & { searchParams: Promise<SearchParams> }) {
    const { org: orgSlug, project: projectSlug } = await params;
    const access = await requireProject(orgSlug, projectSlug);
    const db = await getDb();
    if (!(await hasTelemetry(db, access.project.id))) return <Empty params={params} />;
    return render({ ...access, db, searchParams: await searchParams });
  };
}
