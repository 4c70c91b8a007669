import { headers } from "next/headers";
import { hasTelemetry } from "@/lib/analytics/overview";
import { appOrigin } from "@/lib/app-url";
import { requireProject } from "@/lib/auth/guards";
import { getDb, type Db } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";

/**
 * The guard of a project's dashboard pages (the session kind of caller, rendering a page):
 * the org and project of the URL for the signed-in member (a stranger's is a 404), the
 * database, and whether the project has any telemetry yet. It decides; rendering is left
 * to the page (app/(dashboard)/[org]/[project]/(sections)/section-page.tsx), so lib/ stays free of JSX.
 */

export type ProjectSlugs = { org: string; project: string };
/** The query string as Next.js hands it to a page; applied as-is (each page parses what it reads). */
export type SearchParams = Record<string, string | undefined>;
export type ProjectAccess = Awaited<ReturnType<typeof requireProject>>;
export type ProjectPageContext = ProjectAccess & { db: Db; searchParams: SearchParams };

/** What the "no data yet" state needs besides its section's copy. */
export interface AwaitingDataState {
  /** The public origin, for the ingest request the empty state shows. */
  origin: string;
  keysHref: string;
  /** Offered only to those who may manage the project, and only while it has no telemetry. */
  sampleData?: { orgSlug: string; projectSlug: string };
}

export type ProjectPage = { kind: "data"; context: ProjectPageContext } | { kind: "awaiting-data"; state: AwaitingDataState };

async function awaitingDataState({ org, project, role }: ProjectAccess, hasData: boolean): Promise<AwaitingDataState> {
  return {
    origin: appOrigin(await headers()),
    keysHref: `/${org.slug}/${project.slug}/settings/keys`,
    sampleData: can(role, "manageProjects") && !hasData ? { orgSlug: org.slug, projectSlug: project.slug } : undefined,
  };
}

/** A section page that shows data once the project has stored any telemetry, and its empty state before. */
export async function resolveDataPage(slugs: ProjectSlugs, searchParams: SearchParams): Promise<ProjectPage> {
  const access = await requireProject(slugs.org, slugs.project);
  const db = await getDb();
  if (!(await hasTelemetry(db, access.project.id))) return { kind: "awaiting-data", state: await awaitingDataState(access, false) };
  return { kind: "data", context: { ...access, db, searchParams } };
}
