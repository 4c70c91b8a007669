"use client";

import { Button, Card } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import { metricDefaults, RULE_DEFAULTS } from "@/lib/alerts/catalog";
import type { Preset } from "@/lib/alerts/presets";
import { plural } from "@/lib/format/plural";
import { apiRequest, projectApi } from "./api";
import { SeverityBadge } from "./badges";
import { describeCondition, describeScope } from "./format";
import { useRefreshAlerts } from "./queries";

/** A preset's condition as the rule it becomes (the API fills in what the preset leaves out). */
function presetCondition(preset: Preset): string {
  const r = preset.rule;
  const defaults = metricDefaults(r.metric);
  return describeCondition({
    metric: r.metric,
    aggregation: r.aggregation ?? defaults.aggregation,
    compareTo: r.compareTo ?? null,
    comparator: r.comparator ?? RULE_DEFAULTS.comparator,
    threshold: r.threshold ?? 0,
    windowMinutes: r.windowMinutes ?? defaults.windowMinutes,
    filter: r.filter ?? {},
    groupBy: r.groupBy ?? null,
  });
}

/**
 * API.md's recommended rules, one click each (POST /alert-rules with the preset's body) or
 * all at once. On an empty Alerts page this is the page; once rules exist, the ones not
 * added yet stay on offer, folded away. A preset counts as added while a rule has its name.
 */
export function PresetsPanel({
  projectId,
  basePath,
  presets,
  ruleNames,
  canEdit,
  variant,
}: {
  projectId: string;
  basePath: string;
  presets: Preset[];
  ruleNames: Set<string>;
  canEdit: boolean;
  variant: "empty" | "more";
}) {
  const refresh = useRefreshAlerts(projectId);
  const [adding, setAdding] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [addingAll, setAddingAll] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const remaining = presets.filter((p) => !ruleNames.has(p.rule.name));

  async function add(preset: Preset): Promise<boolean> {
    setAdding((s) => new Set(s).add(preset.key));
    setErrors(({ [preset.key]: _, ...rest }) => rest);
    try {
      await apiRequest(projectApi(projectId, "alert-rules"), { method: "POST", body: preset.rule });
      return true;
    } catch (err) {
      setErrors((e) => ({ ...e, [preset.key]: err instanceof Error ? err.message : "Not added." }));
      return false;
    } finally {
      setAdding((s) => {
        const next = new Set(s);
        next.delete(preset.key);
        return next;
      });
    }
  }

  async function addOne(preset: Preset) {
    await add(preset);
    await refresh();
  }

  async function addAll() {
    const todo = remaining;
    let added = 0;
    setAddingAll(true);
    for (const [i, preset] of todo.entries()) {
      setProgress(`Adding ${i + 1} of ${todo.length}…`);
      if (await add(preset)) added++;
    }
    await refresh();
    setAddingAll(false);
    setProgress(added < todo.length ? `${plural(added, "rule")} of ${todo.length} added; see the messages below.` : null);
  }

  const list = (
    <ul className="divide-y divide-tremor-border dark:divide-dark-tremor-border" aria-label="Recommended rules">
      {(variant === "empty" ? presets : remaining).map((preset) => {
        const added = ruleNames.has(preset.rule.name);
        return (
          <li key={preset.key} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-3" data-testid="preset">
            <div className="min-w-0 flex-1 basis-72">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{preset.rule.name}</span>
                <SeverityBadge severity={preset.rule.severity ?? RULE_DEFAULTS.severity} />
              </div>
              <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{preset.description}</p>
              <p className="text-tremor-label text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
                {[presetCondition(preset), ...describeScope({ filter: preset.rule.filter ?? {}, groupBy: preset.rule.groupBy ?? null })].join(" · ")}
              </p>
              {errors[preset.key] ? (
                <p role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
                  {errors[preset.key]}
                </p>
              ) : null}
            </div>
            {canEdit ? (
              <div className="flex items-center gap-2">
                {added ? (
                  <span className="text-tremor-label font-medium text-emerald-700 dark:text-emerald-400">✓ Added</span>
                ) : (
                  <>
                    <Link href={`${basePath}/alerts/rules/new?preset=${preset.key}`} className="text-tremor-label text-tremor-brand hover:underline">
                      Customize
                    </Link>
                    <Button size="xs" variant="secondary" loading={adding.has(preset.key)} disabled={addingAll} onClick={() => addOne(preset)} aria-label={`Add ${preset.rule.name}`}>
                      Add
                    </Button>
                  </>
                )}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );

  const addAllButton =
    canEdit && remaining.length > 1 ? (
      <Button size="xs" onClick={addAll} loading={addingAll} loadingText={progress ?? undefined}>
        Add all recommended rules
      </Button>
    ) : null;

  const outcome =
    progress && !addingAll ? (
      <p role="status" className="mt-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
        {progress}
      </p>
    ) : null;

  if (variant === "more") {
    if (!remaining.length) return null;
    return (
      <details className="group rounded-tremor-default border border-tremor-border bg-tremor-background dark:border-dark-tremor-border dark:bg-dark-tremor-background" data-testid="more-presets">
        <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-4 py-3 font-medium">
          <span>
            Recommended rules not added yet <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({remaining.length})</span>
          </span>
          <span aria-hidden className="text-tremor-content-subtle transition group-open:rotate-180">▾</span>
        </summary>
        <div className="border-t border-tremor-border px-4 pb-2 dark:border-dark-tremor-border">
          {list}
          {addAllButton ? <div className="pb-2">{addAllButton}</div> : null}
          {outcome}
        </div>
      </details>
    );
  }

  return (
    <Card data-testid="empty-state">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-2xl">
          <h2 className="font-semibold">No alert rules yet</h2>
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            {canEdit
              ? "Start with the rules most projects want: each is added in one click and judged from the next minute on. You can change any of them later."
              : "Members of this organization can add the recommended rules below, or write their own."}
          </p>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-2">
            {addAllButton}
            <Link href={`${basePath}/alerts/rules/new`} className="rounded-tremor-default border border-tremor-border px-2.5 py-1 text-tremor-label font-medium text-tremor-content-emphasis hover:bg-tremor-background-subtle dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis">
              Create a custom rule
            </Link>
          </div>
        ) : null}
      </div>
      {outcome}
      <div className="mt-2">{list}</div>
    </Card>
  );
}
