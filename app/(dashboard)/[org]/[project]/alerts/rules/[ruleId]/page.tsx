import type { Metadata } from "next";
import Link from "next/link";
import { describeCondition } from "@/components/alerts/format";
import { valuesFromRule } from "@/components/alerts/form-values";
import { RuleForm } from "@/components/alerts/rule-form";
import { PageHeader } from "@/components/ui/page-header";
import { getRule } from "@/lib/alerts/rules";
import { orNotFound, requireProject } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listChannels } from "@/lib/notify/channels";
import { can } from "@/lib/tenancy/permissions";

export const metadata: Metadata = { title: "Alert rule" };

type Props = { params: Promise<{ org: string; project: string; ruleId: string }> };

/** One rule: its form (read-only for viewers) with the live preview; another project's rule is a 404. */
export default async function RulePage({ params }: Props) {
  const { org: orgSlug, project: projectSlug, ruleId } = await params;
  const { org, project, role } = await requireProject(orgSlug, projectSlug);
  const rule = await orNotFound(getRule(await getDb(), project.id, ruleId));
  const basePath = `/${org.slug}/${project.slug}`;
  const canEdit = can(role, "triage");
  return (
    <>
      <Link href={`${basePath}/alerts`} className="text-tremor-default text-tremor-brand hover:underline">
        ← Alerts
      </Link>
      <div className="mt-2">
        <PageHeader title={rule.name} description={describeCondition(rule)} />
      </div>
      <RuleForm projectId={project.id} basePath={basePath} initial={valuesFromRule(rule)} rule={rule} canEdit={canEdit} channels={await listChannels(await getDb(), project.id)} />
    </>
  );
}
