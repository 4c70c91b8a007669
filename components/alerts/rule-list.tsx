"use client";

import { Badge, Button, Card } from "@tremor/react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import type { AlertRule } from "@/lib/alerts/rules";
import { plural } from "@/lib/format/plural";
import { apiRequest, projectApi } from "./api";
import { SeverityBadge, StateBadge } from "./badges";
import { ago, describeCondition, describeScope, formatUtc, formatWindow, GROUP_LABELS, isOccurrenceMetric, valueText } from "./format";
import { toLocalInput } from "./form-values";
import { useRefreshAlerts } from "./queries";

const HOUR = 3_600_000;
/** The rule row's small actions: one quiet look for links and buttons alike. */
const ACTION_BOX =
  "rounded-tremor-default border border-tremor-border bg-tremor-background px-2.5 py-1 text-tremor-label font-medium hover:bg-tremor-background-subtle disabled:opacity-50 dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:hover:bg-dark-tremor-background-subtle";
const ACTION = `${ACTION_BOX} text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis`;
const DANGER = `${ACTION_BOX} text-red-600 dark:text-red-400`;

export function isMuted(rule: Pick<AlertRule, "mutedUntil">, now = Date.now()): boolean {
  return rule.mutedUntil !== null && Date.parse(rule.mutedUntil) > now;
}

/** The rule's last evaluation in words: its value, or why it has none. */
function lastValue(rule: AlertRule): { text: string; note: string | null } {
  const { status } = rule;
  if (!rule.enabled) return { text: "—", note: "not evaluated while disabled" };
  if (!status.evaluatedAt) return { text: "—", note: "not evaluated yet" };
  const evaluated = `evaluated ${ago(status.evaluatedAt)}`;
  if (rule.metric === "heartbeat") return { text: status.value === null ? "—" : plural(status.value, "event"), note: `in the last ${formatWindow(rule.windowMinutes)} · ${evaluated}` };
  // An occurrence metric has a series per issue or deployment, a grouped rule one per group: the count firing says it.
  if (isOccurrenceMetric(rule.metric)) return { text: status.firing ? `${plural(status.firing, "incident")} open` : "none open", note: evaluated };
  if (rule.groupBy) return { text: status.firing ? `${plural(status.firing, GROUP_LABELS[rule.groupBy])} firing` : "no group firing", note: evaluated };
  return { text: valueText(rule, status.value), note: status.note ? `${status.note} · ${evaluated}` : evaluated };
}

/** The project's rules: state, condition, last value and trend, and (for members) what can be done with each. */
export function RuleList({ projectId, basePath, rules, canEdit }: { projectId: string; basePath: string; rules: AlertRule[]; canEdit: boolean }) {
  return (
    <Card className="divide-y divide-tremor-border p-0 dark:divide-dark-tremor-border">
      {rules.map((rule) => (
        <RuleRow key={rule.id} projectId={projectId} basePath={basePath} rule={rule} canEdit={canEdit} />
      ))}
    </Card>
  );
}

function RuleRow({ projectId, basePath, rule, canEdit }: { projectId: string; basePath: string; rule: AlertRule; canEdit: boolean }) {
  const refresh = useRefreshAlerts(projectId);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const endpoint = projectApi(projectId, `alert-rules/${encodeURIComponent(rule.id)}`);
  const muted = isMuted(rule);
  const value = lastValue(rule);
  const scope = describeScope(rule);

  async function change(what: string, request: () => Promise<unknown>) {
    setPending(what);
    setError(null);
    try {
      await request();
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : "The change was not saved.");
    } finally {
      setPending(null);
    }
  }
  const patch = (what: string, body: Record<string, unknown>) => change(what, () => apiRequest(endpoint, { method: "PATCH", body }));

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" data-testid="rule-row" data-rule-name={rule.name}>
      <div className="flex min-w-0 flex-1 basis-72 items-start gap-3">
      <div className="w-[4.5rem] shrink-0 pt-0.5">
        <StateBadge state={rule.status.state} enabled={rule.enabled} evaluated={rule.status.evaluatedAt !== null} />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`${basePath}/alerts/rules/${rule.id}`} className="font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
            {rule.name}
          </Link>
          <SeverityBadge severity={rule.severity} />
          {muted ? (
            <Badge color="violet" data-testid="muted-badge">
              muted until {formatUtc(rule.mutedUntil!)}
            </Badge>
          ) : null}
        </div>
        <p className="mt-0.5 text-pretty text-tremor-label text-tremor-content dark:text-dark-tremor-content">
          {describeCondition(rule)}
          {scope.length ? ` · ${scope.join(" · ")}` : ""}
        </p>
      </div>
      </div>
      <div className="ml-[5.25rem] shrink-0 text-pretty sm:ml-0 sm:w-40 sm:text-right">
        <p className="font-medium tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong" data-testid="rule-value">
          {value.text}
        </p>
        {value.note ? (
          <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" suppressHydrationWarning>
            {value.note}
          </p>
        ) : null}
      </div>
      <div className="flex w-28 shrink-0 justify-center" aria-label={`Last ${plural(rule.status.recent.length, "value")}`}>
        {rule.status.recent.length >= 2 ? (
          <Sparkline values={rule.status.recent} color={rule.status.state === "firing" ? "red" : "indigo"} />
        ) : (
          <span className="text-tremor-label text-tremor-content-subtle dark:text-dark-tremor-content-subtle">no trend yet</span>
        )}
      </div>
      {canEdit ? (
        <div className="flex shrink-0 flex-wrap items-center justify-end gap-2">
          <EnabledToggle name={rule.name} enabled={rule.enabled} busy={pending === "enabled"} onChange={(enabled) => patch("enabled", { enabled })} />
          {muted ? (
            <button type="button" className={ACTION} disabled={pending === "mute"} onClick={() => patch("mute", { mutedUntil: null })}>
              {pending === "mute" ? "Unmuting…" : "Unmute"}
            </button>
          ) : (
            <MuteMenu name={rule.name} busy={pending === "mute"} onMute={(until) => patch("mute", { mutedUntil: until.toISOString() })} />
          )}
          <Link href={`${basePath}/alerts/rules/${rule.id}`} className={ACTION}>
            Edit
          </Link>
          <button type="button" className={DANGER} onClick={() => setConfirming(true)} disabled={confirming}>
            Delete
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label={`Delete ${rule.name}`} className="flex w-full flex-wrap items-center justify-end gap-3 rounded-tremor-default bg-red-50 px-3 py-2 dark:bg-red-950">
          <p className="mr-auto text-tremor-default text-red-800 dark:text-red-200">
            Delete “{rule.name}”? It stops watching now; its past incidents stay readable.
          </p>
          <Button size="xs" color="red" loading={pending === "delete"} onClick={() => change("delete", () => apiRequest(endpoint, { method: "DELETE" }))}>
            Delete rule
          </Button>
          <Button size="xs" variant="secondary" autoFocus onClick={() => setConfirming(false)} disabled={pending === "delete"}>
            Cancel
          </Button>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="w-full text-right text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function EnabledToggle({ name, enabled, busy, onChange }: { name: string; enabled: boolean; busy: boolean; onChange: (enabled: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={enabled}
      aria-label={`Enabled: ${name}`}
      title={enabled ? "Enabled: click to stop evaluating this rule" : "Disabled: click to evaluate this rule again"}
      disabled={busy}
      onClick={() => onChange(!enabled)}
      className="flex items-center gap-1.5 text-tremor-label text-tremor-content disabled:opacity-50 dark:text-dark-tremor-content"
    >
      <span className={`relative inline-flex h-5 w-9 items-center rounded-full transition ${enabled ? "bg-tremor-brand" : "bg-gray-300 dark:bg-gray-700"}`}>
        <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition ${enabled ? "translate-x-4" : "translate-x-0.5"}`} />
      </span>
      {enabled ? "On" : "Off"}
    </button>
  );
}

/**
 * Mute for an hour, a day, or until a chosen time: evaluated and recorded, nothing sent.
 * A small non-modal dialog: focus moves into it, Escape or a click outside closes it and
 * focus returns to its button.
 */
function MuteMenu({ name, busy, onMute }: { name: string; busy: boolean; onMute: (until: Date) => void }) {
  const [open, setOpen] = useState(false);
  const [until, setUntil] = useState("");
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        setOpen(false);
        trigger.current?.focus();
      } else if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const choose = (ms: number) => {
    setOpen(false);
    onMute(new Date(Date.now() + ms));
  };

  function muteUntil() {
    const at = Date.parse(until);
    if (!Number.isFinite(at)) return setError("Pick a date and time.");
    if (at <= Date.now()) return setError("Pick a time in the future.");
    setError(null);
    setOpen(false);
    onMute(new Date(at));
  }

  const item = "block w-full rounded-tremor-small px-3 py-1.5 text-left text-tremor-default hover:bg-tremor-background-subtle dark:hover:bg-dark-tremor-background-subtle";
  return (
    <div ref={root} className="relative">
      <button ref={trigger} type="button" className={ACTION} disabled={busy} aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((v) => !v)}>
        {busy ? "Muting…" : "Mute ▾"}
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label={`Mute ${name}`}
          className="absolute right-0 z-20 mt-1 w-64 rounded-tremor-default border border-tremor-border bg-tremor-background p-1 shadow-tremor-dropdown dark:border-dark-tremor-border dark:bg-dark-tremor-background"
        >
          <button ref={first} type="button" onClick={() => choose(HOUR)} className={item}>
            For 1 hour
          </button>
          <button type="button" onClick={() => choose(24 * HOUR)} className={item}>
            For 1 day
          </button>
          <div className="mt-1 border-t border-tremor-border px-3 pb-2 pt-2 dark:border-dark-tremor-border">
            <label className="block text-tremor-label text-tremor-content dark:text-dark-tremor-content">
              Until (your local time)
              <input
                type="datetime-local"
                value={until}
                min={toLocalInput(new Date().toISOString())}
                onChange={(e) => setUntil(e.target.value)}
                className="mt-1 w-full rounded-tremor-default border border-tremor-border bg-transparent px-2 py-1 text-tremor-default dark:border-dark-tremor-border"
              />
            </label>
            <Button size="xs" className="mt-2" onClick={muteUntil}>
              Mute until then
            </Button>
            {error ? (
              <p role="alert" className="mt-1 text-tremor-label text-red-600 dark:text-red-400">
                {error}
              </p>
            ) : null}
          </div>
          <p className="px-3 pb-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">While muted the rule is evaluated and incidents are recorded; nothing is sent.</p>
        </div>
      ) : null}
    </div>
  );
}
