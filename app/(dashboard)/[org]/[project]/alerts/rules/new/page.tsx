import type { Metadata } from "next";
import Link from "next/link";
import { newRuleValues, valuesFromPreset } from "@/components/alerts/form-values";
import { RuleForm } from "@/components/alerts/rule-form";
import { PageHeader } from "@/components/ui/page-header";
import { PRESETS } from "@/lib/alerts/presets";
import { requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listChannels } from "@/lib/notify/channels";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "New alert rule" };

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ preset?: string }> };

/** A new rule, blank or starting from a recommended one (`?preset=<key>`, the Alerts page's "Customize"). */
export default async function NewRulePage({ params, searchParams }: Props) {
  const { org: orgSlug, project: projectSlug } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const { preset: presetKey } = await searchParams;
  const preset = PRESETS.find((p) => p.key === presetKey);
  const basePath = `/${org.slug}/${project.slug}`;
  return (
    <>
      <Link href={`${basePath}/alerts`} className="text-tremor-default text-tremor-brand hover:underline">
        ← Alerts
      </Link>
      <div className="mt-2">
        <PageHeader title="New alert rule" description={preset ? `Starting from the recommended rule “${preset.rule.name}”.` : "Watch a metric of this project and get told when it crosses a line."} />
      </div>
      <RuleForm projectId={project.id} basePath={basePath} initial={preset ? valuesFromPreset(preset) : newRuleValues()} canEdit={can(role, "triage")} channels={await listChannels(await getDb(), project.id)} />
    </>
  );
}
