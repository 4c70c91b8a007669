import type { ReactNode } from "react";
import { Dropdown, DropdownLink, DropdownSeparator } from "@/components/dashboard/dropdown";
import { ProjectNav } from "@/components/dashboard/project-nav";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/tenancy/permissions";
import { listProjects } from "@/lib/tenancy/projects";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const projects = await listProjects(await getDb(), org.id);
  const base = `/${org.slug}/${project.slug}`;
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
      <aside className="md:w-52 md:shrink-0">
        <div className="mb-3">
          <Dropdown label={<span className="truncate">{project.name}</span>} testId="project-switcher">
            <p className="px-3 py-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">Projects in {org.name}</p>
            {projects.map((p) => (
              <DropdownLink key={p.id} href={`/${org.slug}/${p.slug}`} active={p.id === project.id}>
                {p.name}
              </DropdownLink>
            ))}
            {can(role, "manageProjects") ? (
              <>
                <DropdownSeparator />
                <DropdownLink href={`/${org.slug}`}>+ New project</DropdownLink>
              </>
            ) : null}
          </Dropdown>
        </div>
        <ProjectNav base={base} />
      </aside>
      <main className="min-w-0 flex-1">
        {/* The query client is the organization layout's, shared with the top bar's bell. */}
        {children}
      </main>
    </div>
  );
}
