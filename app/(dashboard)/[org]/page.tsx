import { Card } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { createProjectAction } from "@/lib/actions/dashboard";
import { NameForm } from "@/components/dashboard/name-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireOrg } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { plural } from "@/lib/format/plural";
import { can } from "@/lib/tenancy/permissions";
import { listProjects } from "@/lib/tenancy/projects";

export const metadata: Metadata = { title: "Projects" };

export default async function OrganizationPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { org } = await requireOrg(orgSlug);
  const projects = await listProjects(await getDb(), org.id);
  const mayCreate = can(org.role, "manageProjects");
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <PageHeader
        title={org.name}
        description={`${plural(projects.length, "project")} · you are ${org.role}`}
        actions={
          <Link href={`/${org.slug}/settings`} className="text-tremor-default text-tremor-brand hover:underline">
            Organization settings
          </Link>
        }
      />
      {projects.length > 0 ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((project) => (
            <li key={project.id}>
              <Link href={`/${org.slug}/${project.slug}`} className="block h-full">
                <Card className="h-full transition hover:ring-2 hover:ring-tremor-brand-muted">
                  <p className="font-semibold">{project.name}</p>
                  <p className="mt-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
                    /{org.slug}/{project.slug} · {project.retentionDays}-day retention
                  </p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Card className="text-center">
          <p className="font-semibold">No projects yet</p>
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            {mayCreate
              ? "A project is one app or service you monitor. Create one below to get an API key and start sending telemetry."
              : "An admin of this organization has not created a project yet. Ask them to create one."}
          </p>
        </Card>
      )}
      {mayCreate ? (
        <Card className="mt-8 max-w-lg">
          <h2 className="mb-3 font-semibold">New project</h2>
          <NameForm action={createProjectAction.bind(null, org.slug)} label="Project name" placeholder="Storefront" submitLabel="Create project" pendingText="Creating…" />
        </Card>
      ) : null}
    </main>
  );
}
