"use client";

import { Card } from "@tremor/react";
import Link from "next/link";
import { useMemo } from "react";
import { ViewFailed, ViewSkeleton } from "@/components/dashboard/view-states";
import { PageHeader } from "@/components/ui/page-header";
import { plural } from "@/lib/format/plural";
import { FiringIncidents, ResolvedIncidents } from "./incident-list";
import { PresetsPanel } from "./presets-panel";
import { FIRING_PARAMS, RESOLVED_PARAMS } from "./params";
import { useAlertRules, useIncidents, usePresets } from "./queries";
import { RuleList } from "./rule-list";

/**
 * The project's Alerts page: what is firing now (and who acknowledged it), what resolved
 * lately, then the rules. A project without rules is offered the recommended ones.
 * Prefetched on the server; refetched every 30 s, so a tick's news shows without a reload.
 */
export function AlertsView({
  projectId,
  basePath,
  canEdit,
  canManageKeys,
  role,
  hasTelemetry,
}: {
  projectId: string;
  basePath: string;
  canEdit: boolean;
  canManageKeys: boolean;
  role: string;
  hasTelemetry: boolean;
}) {
  const rules = useAlertRules(projectId);
  const firing = useIncidents(projectId, FIRING_PARAMS);
  const resolved = useIncidents(projectId, RESOLVED_PARAMS);
  const presets = usePresets(projectId);
  const ruleById = useMemo(() => new Map((rules.data?.data ?? []).map((r) => [r.id, r])), [rules.data]);
  const ruleNames = useMemo(() => new Set((rules.data?.data ?? []).map((r) => r.name)), [rules.data]);

  const header = (
    <PageHeader
      title="Alerts"
      description="Rules that watch this project's telemetry every minute, and the incidents they open."
      actions={
        canEdit ? (
          <Link href={`${basePath}/alerts/rules/new`} className="rounded-tremor-default bg-tremor-brand px-3 py-1.5 text-tremor-default font-medium text-white shadow-tremor-input hover:bg-tremor-brand-emphasis">
            Create rule
          </Link>
        ) : null
      }
    />
  );
  const error = rules.error ?? firing.error ?? resolved.error ?? presets.error;
  if (!rules.data || !firing.data || !resolved.data || !presets.data) {
    return error ? (
      <>
        {header}
        <ViewFailed error={error} retry={() => (rules.refetch(), firing.refetch(), resolved.refetch(), presets.refetch())} />
      </>
    ) : (
      <ViewSkeleton kpis={0} />
    );
  }

  const ruleList = rules.data.data;
  // One page holds the first hundred; more than that is said, not hidden.
  const firingCount = `${firing.data.data.length}${firing.data.nextCursor ? "+" : ""}`;
  return (
    <>
      {header}
      <div className="space-y-8">
        {!canEdit ? (
          <p className="rounded-tremor-default bg-tremor-background-subtle px-3 py-2 text-tremor-default text-tremor-content dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content" data-testid="read-only-note">
            You have {role} access: you can see the rules and incidents; members and above change them and acknowledge incidents.
          </p>
        ) : null}
        {!hasTelemetry ? (
          <Card className="p-4" data-testid="no-telemetry-note">
            <p className="text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
              This project has not sent any telemetry yet. Rules are judged every minute from its first event on
              {canManageKeys ? (
                <>
                  ;{" "}
                  <Link href={`${basePath}/settings/keys`} className="text-tremor-brand hover:underline">
                    create an ingest key
                  </Link>{" "}
                  to start sending.
                </>
              ) : (
                "."
              )}
            </p>
          </Card>
        ) : null}

        <section aria-labelledby="firing-heading" className="space-y-3">
          <h2 id="firing-heading" className="text-lg font-semibold">
            Firing {firing.data.data.length ? <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({firingCount})</span> : null}
          </h2>
          <FiringIncidents projectId={projectId} basePath={basePath} incidents={firing.data.data} rules={ruleById} canEdit={canEdit} />
          <ResolvedIncidents projectId={projectId} basePath={basePath} first={resolved.data} rules={ruleById} />
        </section>

        <section aria-labelledby="rules-heading" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="rules-heading" className="text-lg font-semibold">
              Rules {ruleList.length ? <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({ruleList.length})</span> : null}
            </h2>
            {ruleList.length ? (
              <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">
                {plural(ruleList.filter((r) => r.enabled).length, "rule")} enabled
              </p>
            ) : null}
          </div>
          {ruleList.length ? (
            <>
              <RuleList projectId={projectId} basePath={basePath} rules={ruleList} canEdit={canEdit} />
              {canEdit ? <PresetsPanel projectId={projectId} basePath={basePath} presets={presets.data.data} ruleNames={ruleNames} canEdit={canEdit} variant="more" /> : null}
            </>
          ) : (
            <PresetsPanel projectId={projectId} basePath={basePath} presets={presets.data.data} ruleNames={ruleNames} canEdit={canEdit} variant="empty" />
          )}
        </section>
      </div>
    </>
  );
}
