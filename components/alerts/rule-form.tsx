"use client";

import { Button } from "@tremor/react";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { HEARTBEAT_TYPES, isOccurrenceMetric, metricDefaults, METRICS, RULE_DEFAULTS } from "@/lib/alerts/catalog";
import type { AlertRule } from "@/lib/alerts/rules";
import type { Comparator, GroupByDimension, NoDataMode, Severity } from "@/lib/db/schema";
import type { ChannelView } from "@/lib/notify/channels";
import { errorLevels, logLevels, vitalNames } from "@/lib/events";
import { plural } from "@/lib/format/plural";
import { ApiProblem, apiRequest, fieldErrorsOf, projectApi } from "./api";
import { CheckboxField, FormSection, RuleField, SelectControl, TextControl } from "./form-controls";
import { aggregationLabel, COMPARATOR_LABELS, FILTER_LABELS, formatWindow, GROUP_LABELS, METRIC_GROUPS, METRIC_HINTS, METRIC_LABELS, NO_DATA_LABELS } from "./format";
import {
  ownDerivedFields,
  ruleBody,
  toLocalInput,
  thresholdUnit,
  withMetric,
  type DerivedField,
  type FilterKey,
  type RuleFormValues,
} from "./form-values";
import { useRulePreview, type PreviewRange } from "./queries";
import { RulePreview } from "./rule-preview";
import { ChannelPicker } from "./channel-picker";

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const COMPARATORS: Comparator[] = [">", ">=", "<", "<="];
const NO_DATA: NoDataMode[] = ["keep", "ok", "alert"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const PREVIEW_DEBOUNCE_MS = 500;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The rule form, new or edit: every field of API.md's rule table, showing what the chosen
 * metric allows and the defaults the API would apply. The API judges the rule: a save's 400
 * puts each `errors[].pointer` message beside its field, and the live preview (the same
 * rule replayed over the last 24 h or 7 d) reports the same problems as you type.
 */
export function RuleForm({
  projectId,
  basePath,
  initial,
  rule,
  canEdit,
  channels,
}: {
  projectId: string;
  basePath: string;
  initial: RuleFormValues;
  /** The stored rule when editing. */
  rule?: AlertRule;
  canEdit: boolean;
  /** The project's channels, to pick where the rule sends. */
  channels: ChannelView[];
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [own, setOwn] = useState<Set<DerivedField>>(() => (rule ? ownDerivedFields(initial) : new Set()));
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [range, setRange] = useState<PreviewRange>("24h");
  // A new rule tells the inbox (the API's own default); an existing one keeps what it has.
  const [channelIds, setChannelIds] = useState<string[]>(() => rule?.channelIds ?? channels.filter((c) => c.type === "inbox").map((c) => c.id));

  // A mute is shown in the viewer's own time zone, which only the browser knows: filled in after hydration.
  useEffect(() => {
    if (rule?.mutedUntil && Date.parse(rule.mutedUntil) > Date.now()) setValues((v) => ({ ...v, mutedUntil: toLocalInput(rule.mutedUntil!) }));
  }, [rule?.mutedUntil]);

  const spec = METRICS[values.metric];
  const occurrence = isOccurrenceMetric(values.metric);
  const body = useMemo(() => ruleBody(values), [values]);
  // A threshold rule without a threshold is not worth a round trip: the preview says what is missing.
  const missingThreshold = !occurrence && values.threshold.trim() === "";
  const previewKey = useDebounced(missingThreshold ? null : JSON.stringify(body), PREVIEW_DEBOUNCE_MS);
  const previewBody = useMemo(() => (previewKey ? (JSON.parse(previewKey) as Record<string, unknown>) : null), [previewKey]);
  const preview = useRulePreview(projectId, range, previewBody);
  const previewProblem = preview.error instanceof ApiProblem && preview.error.status === 400 ? preview.error : null;
  const previewErrors = useMemo(() => (previewProblem ? fieldErrorsOf(previewProblem.errors, "/rule") : {}), [previewProblem]);

  /** A field's message: the last save's, else the preview's once the user has touched that field. */
  const errorOf = (key: string): string | undefined => saveErrors[key] ?? (edited.has(key) ? previewErrors[key] : undefined);

  function touch(key: string) {
    setEdited((s) => (s.has(key) ? s : new Set(s).add(key)));
    setSaveErrors(({ [key]: _, ...rest }) => rest);
  }

  function set<K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) {
    touch(key);
    if ((["windowMinutes", "minSamples", "pendingMinutes"] as string[]).includes(key)) setOwn((s) => new Set(s).add(key as DerivedField));
    setValues((v) => ({ ...v, [key]: value }));
  }

  function setFilter(key: FilterKey, value: string) {
    touch(`filter.${key}`);
    setValues((v) => ({ ...v, filter: { ...v.filter, [key]: value } }));
  }

  function chooseMetric(metric: RuleFormValues["metric"]) {
    touch("metric");
    setValues((v) => withMetric(v, metric, own));
  }

  function chooseAggregation(aggregation: RuleFormValues["aggregation"]) {
    touch("aggregation");
    const nextOwn = new Set(own).add("aggregation");
    setOwn(nextOwn);
    setValues((v) => withMetric(v, v.metric, nextOwn, aggregation));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    setSaveErrors({});
    try {
      // The channels are not part of the preview's rule: only the save carries them.
      const saved = { ...body, channelIds };
      await (rule
        ? apiRequest<AlertRule>(projectApi(projectId, `alert-rules/${encodeURIComponent(rule.id)}`), { method: "PATCH", body: saved })
        : apiRequest<AlertRule>(projectApi(projectId, "alert-rules"), { method: "POST", body: saved }));
      await queryClient.invalidateQueries({ queryKey: ["project", projectId, "alert-rules"] });
      router.push(`${basePath}/alerts`);
    } catch (err) {
      if (err instanceof ApiProblem && err.errors.length) {
        const fields = fieldErrorsOf(err.errors);
        // `/channelIds/<i>` names a channel: say which one.
        const channelError = err.errors.find((e) => e.pointer.startsWith("/channelIds/"));
        if (channelError) {
          const id = channelIds[Number(channelError.pointer.split("/")[2])];
          fields.channelIds = `${channels.find((c) => c.id === id)?.name ?? id ?? "A channel"}: ${channelError.message}`;
        }
        setSaveErrors(fields);
        setFormError(`${err.errors.length === 1 ? "One field needs" : `${err.errors.length} fields need`} a change before the rule can be saved.`);
        // Bring the first message into view: it may sit in a section scrolled away.
        requestAnimationFrame(() => document.querySelector('[role="alert"][id$="-error"]')?.scrollIntoView({ block: "center", behavior: "smooth" }));
      } else setFormError(err instanceof Error ? err.message : "The rule was not saved.");
      setSaving(false);
    }
  }

  const unit = thresholdUnit(values);
  const defaults = metricDefaults(values.metric, values.aggregation);
  const levelOptions = values.metric === "log_count" ? logLevels : errorLevels;
  const above = values.comparator === ">" || values.comparator === ">=";

  return (
    <form onSubmit={save} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]" aria-label={rule ? `Edit ${rule.name}` : "New alert rule"}>
      <fieldset disabled={!canEdit || saving} className="min-w-0 space-y-6">
        {!canEdit ? (
          <p className="rounded-tremor-default bg-tremor-background-subtle px-3 py-2 text-tremor-default text-tremor-content dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content">
            You can read this rule and its preview; members and above change it.
          </p>
        ) : null}

        <FormSection title="What to watch" description="The metric, how it is aggregated over the window, and which telemetry counts.">
          <RuleField id="rule-name" label="Name" error={errorOf("name")} hint="Shown in notifications and on the Alerts page.">
            <TextControl id="rule-name" value={values.name} maxLength={120} placeholder="Checkout 5xx rate" onChange={(e) => set("name", e.target.value)} error={errorOf("name")} />
          </RuleField>
          <div className="grid gap-4 sm:grid-cols-2">
            <RuleField id="rule-metric" label="Metric" error={errorOf("metric")} hint={METRIC_HINTS[values.metric]}>
              <SelectControl id="rule-metric" value={values.metric} onChange={(e) => chooseMetric(e.target.value as RuleFormValues["metric"])} error={errorOf("metric")}>
                {METRIC_GROUPS.map((g) => (
                  <optgroup key={g.label} label={g.label}>
                    {g.metrics.map((m) => (
                      <option key={m} value={m}>
                        {METRIC_LABELS[m]}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </SelectControl>
            </RuleField>
            {!occurrence ? (
              <RuleField
                id="rule-aggregation"
                label="Aggregation"
                error={errorOf("aggregation")}
                hint={spec.aggregations.length === 1 ? "The only aggregation this metric has." : `Default: ${aggregationLabel(values.metric, defaults.aggregation)}.`}
              >
                <SelectControl id="rule-aggregation" value={values.aggregation} onChange={(e) => chooseAggregation(e.target.value as RuleFormValues["aggregation"])} error={errorOf("aggregation")}>
                  {spec.aggregations.map((a) => (
                    <option key={a} value={a}>
                      {aggregationLabel(values.metric, a)}
                    </option>
                  ))}
                </SelectControl>
              </RuleField>
            ) : null}
          </div>

          {spec.filters.length ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {spec.filters.map((key) => {
                const id = `rule-filter-${key}`;
                const error = errorOf(`filter.${key}`);
                const value = values.filter[key] ?? "";
                const label = `${FILTER_LABELS[key]} (optional)`;
                const choices =
                  key === "method" ? METHODS : key === "level" ? levelOptions : key === "vital" ? vitalNames : key === "type" ? HEARTBEAT_TYPES : null;
                if (choices) {
                  const any = key === "vital" ? "Each vital (group by vital)" : key === "type" ? "Any event type" : `Any ${FILTER_LABELS[key].toLowerCase()}`;
                  return (
                    <RuleField key={key} id={id} label={key === "vital" ? "Vital" : label} error={error}>
                      <SelectControl id={id} value={value} onChange={(e) => setFilter(key, e.target.value)} error={error}>
                        <option value="">{any}</option>
                        {choices.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </SelectControl>
                    </RuleField>
                  );
                }
                const placeholder = key === "route" ? "any route, e.g. /api/checkout" : key === "environment" ? "any environment, e.g. production" : "any function";
                return (
                  <RuleField key={key} id={id} label={label} error={error} hint={key === "route" ? "The route as your app reports it, exactly." : undefined}>
                    <TextControl id={id} value={value} placeholder={placeholder} onChange={(e) => setFilter(key, e.target.value)} error={error} />
                  </RuleField>
                );
              })}
              {spec.groupBy.length ? (
                <RuleField
                  id="rule-group-by"
                  label="Group by (optional)"
                  error={errorOf("groupBy")}
                  hint="Each value is its own series, with its own state and incidents (at most 100 per evaluation)."
                >
                  <SelectControl id="rule-group-by" value={values.groupBy} onChange={(e) => set("groupBy", e.target.value as GroupByDimension | "")} error={errorOf("groupBy")}>
                    <option value="">One series for the whole project</option>
                    {spec.groupBy.map((g) => (
                      <option key={g} value={g}>
                        One per {GROUP_LABELS[g]}
                      </option>
                    ))}
                  </SelectControl>
                </RuleField>
              ) : null}
            </div>
          ) : null}
        </FormSection>

        <FormSection
          title="When it fires"
          description={
            occurrence
              ? values.metric === "heartbeat"
                ? "A heartbeat fires when the window passes without an event, and resolves when events arrive again."
                : "Each occurrence opens its own incident, which resolves once the window passes without a new one."
              : "A breach moves the rule to pending; a breach held for the pending time fires. A healthy value resolves it."
          }
        >
          {!occurrence ? (
            <>
              <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
                <RuleField id="rule-comparator" label="Fires when the value" error={errorOf("comparator")}>
                  <SelectControl id="rule-comparator" value={values.comparator} onChange={(e) => set("comparator", e.target.value as Comparator)} error={errorOf("comparator")}>
                    {COMPARATORS.map((c) => (
                      <option key={c} value={c}>
                        {COMPARATOR_LABELS[c]} ({c})
                      </option>
                    ))}
                  </SelectControl>
                </RuleField>
                <RuleField id="rule-threshold" label={`Threshold${unit ? ` (${unit})` : ""}`} error={errorOf("threshold")} hint={values.compareTo ? "Percent change against the window before, e.g. 100 for doubling." : undefined}>
                  <TextControl id="rule-threshold" type="number" inputMode="decimal" step="any" value={values.threshold} placeholder="required" onChange={(e) => set("threshold", e.target.value)} error={errorOf("threshold")} />
                </RuleField>
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                <RuleField id="rule-window" label="Window (minutes)" error={errorOf("windowMinutes")} hint={`1 to 1,440; ends at the last closed minute. Default ${defaults.windowMinutes}.`}>
                  <TextControl id="rule-window" type="number" min={1} max={1440} step={1} value={values.windowMinutes} onChange={(e) => set("windowMinutes", e.target.value)} error={errorOf("windowMinutes")} />
                </RuleField>
                <RuleField
                  id="rule-resolve-threshold"
                  label={`Resolve threshold (optional${unit ? `, ${unit}` : ""})`}
                  error={errorOf("resolveThreshold")}
                  hint={`Hysteresis: once firing, resolves only ${above ? "at or below" : "at or above"} this value. Blank: resolves once the threshold is no longer crossed.`}
                >
                  <TextControl
                    id="rule-resolve-threshold"
                    type="number"
                    inputMode="decimal"
                    step="any"
                    value={values.resolveThreshold}
                    placeholder="same as the threshold"
                    onChange={(e) => set("resolveThreshold", e.target.value)}
                    error={errorOf("resolveThreshold")}
                  />
                </RuleField>
              </div>
              {!values.metric.startsWith("deployment") ? (
                <CheckboxField
                  id="rule-compare-to"
                  label="Compare with the previous window"
                  checked={values.compareTo}
                  onChange={(v) => set("compareTo", v)}
                  error={errorOf("compareTo")}
                  hint={`The value becomes the percent change against the ${formatWindow(Number(values.windowMinutes) || defaults.windowMinutes)} before.`}
                />
              ) : null}
            </>
          ) : (
            <RuleField id="rule-window" label="Window (minutes)" error={errorOf("windowMinutes")} hint={`1 to 1,440. Default ${defaults.windowMinutes}.`} className="sm:w-1/2">
              <TextControl id="rule-window" type="number" min={1} max={1440} step={1} value={values.windowMinutes} onChange={(e) => set("windowMinutes", e.target.value)} error={errorOf("windowMinutes")} />
            </RuleField>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <RuleField id="rule-pending" label="Pending (minutes)" error={errorOf("pendingMinutes")} hint={`How long a breach must hold before it fires; 0 fires at once. Default ${defaults.pendingMinutes}.`}>
              <TextControl id="rule-pending" type="number" min={0} max={1440} step={1} value={values.pendingMinutes} onChange={(e) => set("pendingMinutes", e.target.value)} error={errorOf("pendingMinutes")} />
            </RuleField>
            {!occurrence ? (
              <>
                <RuleField id="rule-min-samples" label="Minimum samples" error={errorOf("minSamples")} hint={`Below this many events the state is kept (“insufficient data”). Default ${defaults.minSamples}.`}>
                  <TextControl id="rule-min-samples" type="number" min={0} step={1} value={values.minSamples} onChange={(e) => set("minSamples", e.target.value)} error={errorOf("minSamples")} />
                </RuleField>
                <RuleField id="rule-no-data" label="A window with no events" error={errorOf("noData")} hint={`Default: ${NO_DATA_LABELS[RULE_DEFAULTS.noData].toLowerCase()}.`}>
                  <SelectControl id="rule-no-data" value={values.noData} onChange={(e) => set("noData", e.target.value as NoDataMode)} error={errorOf("noData")}>
                    {NO_DATA.map((n) => (
                      <option key={n} value={n}>
                        {NO_DATA_LABELS[n]}
                      </option>
                    ))}
                  </SelectControl>
                </RuleField>
              </>
            ) : null}
          </div>
        </FormSection>

        <FormSection title="Notifications" description="Who hears about it, how loudly and how often.">
          <div className="grid gap-4 sm:grid-cols-2">
            <RuleField id="rule-severity" label="Severity" error={errorOf("severity")} hint={`Default ${RULE_DEFAULTS.severity}.`}>
              <SelectControl id="rule-severity" value={values.severity} onChange={(e) => set("severity", e.target.value as Severity)} error={errorOf("severity")}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </SelectControl>
            </RuleField>
            <RuleField
              id="rule-renotify"
              label="Remind every (minutes)"
              error={errorOf("renotifyMinutes")}
              hint={`While firing and not acknowledged; 0 never reminds. Default ${RULE_DEFAULTS.renotifyMinutes} (${formatWindow(RULE_DEFAULTS.renotifyMinutes)}).`}
            >
              <TextControl id="rule-renotify" type="number" min={0} max={10080} step={1} value={values.renotifyMinutes} onChange={(e) => set("renotifyMinutes", e.target.value)} error={errorOf("renotifyMinutes")} />
            </RuleField>
            <RuleField
              id="rule-muted-until"
              label="Muted until (optional, your local time)"
              error={errorOf("mutedUntil")}
              hint="While muted the rule is evaluated and incidents are recorded; nothing is sent."
            >
              <div className="flex gap-2">
                <TextControl id="rule-muted-until" type="datetime-local" value={values.mutedUntil} onChange={(e) => set("mutedUntil", e.target.value)} error={errorOf("mutedUntil")} />
                {values.mutedUntil ? (
                  <Button type="button" size="xs" variant="light" onClick={() => set("mutedUntil", "")}>
                    Clear
                  </Button>
                ) : null}
              </div>
            </RuleField>
          </div>
          <ChannelPicker
            channels={channels}
            selected={channelIds}
            onChange={(ids) => {
              touch("channelIds");
              setChannelIds(ids);
            }}
            error={errorOf("channelIds")}
            settingsHref={`${basePath}/settings/channels`}
          />
          <CheckboxField id="rule-notify-on-resolve" label="Notify when it resolves" checked={values.notifyOnResolve} onChange={(v) => set("notifyOnResolve", v)} error={errorOf("notifyOnResolve")} />
          <CheckboxField
            id="rule-enabled"
            label="Enabled"
            checked={values.enabled}
            onChange={(v) => set("enabled", v)}
            error={errorOf("enabled")}
            hint="A disabled rule is not evaluated; disabling it resolves its firing incidents."
          />
        </FormSection>

        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" loading={saving} loadingText="Saving…">
              {rule ? "Save changes" : "Create rule"}
            </Button>
            <Link href={`${basePath}/alerts`} className="text-tremor-default text-tremor-content hover:underline dark:text-dark-tremor-content">
              Cancel
            </Link>
            {formError ? (
              <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400" data-testid="form-error">
                {formError}
                {saveErrors.form ? ` ${saveErrors.form}` : ""}
              </p>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <div className="lg:sticky lg:top-4">
        <RulePreview
          values={values}
          range={range}
          onRange={setRange}
          preview={preview}
          waiting={previewKey !== (missingThreshold ? null : JSON.stringify(body))}
          missingThreshold={missingThreshold}
          problem={previewProblem}
        />
      </div>
    </form>
  );
}
