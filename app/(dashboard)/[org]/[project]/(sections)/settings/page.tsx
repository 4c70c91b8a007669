import { Card } from "@tremor/react";
import type { Metadata } from "next";
import { deleteProjectAction } from "@/lib/actions/dashboard";
import { DangerZone } from "@/components/settings/danger-zone";
import { ProjectGeneralForm } from "@/components/settings/project-general-form";
import { requireProject } from "@/lib/auth/guards";
import { plural } from "@/lib/format/plural";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectGeneralSettings({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const manage = can(role, "manageProjects");
  return (
    <div className="max-w-xl space-y-6">
      <Card>
        <h2 className="mb-3 font-semibold">General</h2>
        {manage ? (
          <ProjectGeneralForm orgSlug={org.slug} projectSlug={project.slug} name={project.name} retentionDays={project.retentionDays} />
        ) : (
          <dl className="space-y-2 text-tremor-default">
            <div><dt className="inline font-medium">Name: </dt><dd className="inline">{project.name}</dd></div>
            <div><dt className="inline font-medium">Retention: </dt><dd className="inline">{plural(project.retentionDays, "day")}</dd></div>
            <p className="text-tremor-content dark:text-dark-tremor-content">Only admins can change project settings.</p>
          </dl>
        )}
        <p className="mt-4 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
          Project ID <code data-testid="project-id">{project.id}</code> — used in API paths (<code>/api/v1/projects/{project.id}/…</code>).
        </p>
      </Card>
      {manage ? (
        <DangerZone
          title="Delete project"
          description="Deletes the project, its API keys and all of its telemetry. Anything still sending data with its keys will be refused. This cannot be undone."
          confirmWord={project.slug}
          buttonLabel="Delete project"
          action={deleteProjectAction.bind(null, org.slug, project.slug)}
        />
      ) : null}
    </div>
  );
}
