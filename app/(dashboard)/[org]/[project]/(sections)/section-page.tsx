import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AwaitingData } from "@/components/dashboard/awaiting-data";
import { PROJECT_SECTION_CONTENT, type ProjectSection } from "@/components/dashboard/section-content";
import { resolveDataPage, type ProjectPageContext, type ProjectSlugs, type SearchParams } from "@/lib/pages/project-page";

/**
 * The page factories of a project's sections, shared by the pages below this folder: the
 * guard (lib/pages/project-page.ts) decides, these render its answer.
 */

type SectionPageProps = { params: Promise<ProjectSlugs> };

export function sectionMetadata(section: ProjectSection): Metadata {
  return { title: PROJECT_SECTION_CONTENT[section].title };
}

/**
 * A section page that shows data once the project has stored any telemetry, and its empty
 * state before: the access check, the database and the query string, resolved once.
 */
export function dataPage(section: ProjectSection, render: (ctx: ProjectPageContext) => Promise<ReactNode>) {
  return async function DataPage({ params, searchParams }: SectionPageProps & { searchParams: Promise<SearchParams> }) {
    const page = await resolveDataPage(await params, await searchParams);
    return page.kind === "data" ? render(page.context) : <AwaitingData section={section} {...page.state} />;
  };
}
