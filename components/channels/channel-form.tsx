"use client";

import { Button } from "@tremor/react";
import { useState, type FormEvent } from "react";
import type { ChannelView } from "@/lib/notify/channels";
import { ApiProblem, apiRequest, projectApi } from "@/components/alerts/api";
import { RuleField as Field, SelectControl, TextControl } from "@/components/alerts/form-controls";
import { TYPE_LABELS } from "./channel-words";

type EditableType = "webhook" | "slack" | "email";
export type Created = ChannelView & { secret?: string };

const URL_LABELS: Record<"webhook" | "slack", { label: string; placeholder: string; hint: string }> = {
  webhook: { label: "Endpoint URL", placeholder: "https://example.com/hooks/vigil", hint: "Vigil POSTs signed JSON here (Standard Webhooks)." },
  slack: {
    label: "Incoming-webhook URL",
    placeholder: "https://hooks.slack.com/services/T…/B…/…",
    hint: "From Slack's “Incoming Webhooks” app, or any Slack-compatible receiver. Stored encrypted and shown masked.",
  },
};

/** Addresses as typed: one per line, or separated by commas or spaces. */
function addressesOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/**
 * Creates a channel, or edits one (`channel`): the API judges the input, and each
 * problem+json pointer (`/url`, `/name`, `/recipients/addresses/<i>`) is shown beside its
 * field, the address it is about named.
 */
export function ChannelForm({
  projectId,
  channel,
  smtpConfigured,
  onSaved,
  onCancel,
}: {
  projectId: string;
  channel?: ChannelView;
  smtpConfigured: boolean;
  onSaved: (saved: Created) => void;
  onCancel?: () => void;
}) {
  const config = (channel?.config ?? {}) as { url?: string; recipients?: { addresses?: string[]; allMembers?: true } };
  const [type, setType] = useState<EditableType>((channel?.type as EditableType | undefined) ?? "webhook");
  const [name, setName] = useState(channel?.name ?? "");
  // A Slack URL is the secret: never shown again, so editing starts blank and blank keeps it.
  const [url, setUrl] = useState(channel?.type === "webhook" ? (config.url ?? "") : "");
  const [allMembers, setAllMembers] = useState(config.recipients?.allMembers === true);
  const [addresses, setAddresses] = useState(config.recipients?.addresses?.join("\n") ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const prefix = channel ? `edit-${channel.id}` : "new-channel";

  function body(): Record<string, unknown> {
    const out: Record<string, unknown> = { name };
    if (!channel) out.type = type;
    if (type === "webhook" || type === "slack") {
      if (!channel || url.trim() !== "" || type === "webhook") out.url = url;
    } else out.recipients = allMembers ? { allMembers: true } : { addresses: addressesOf(addresses) };
    return out;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setFormError(null);
    const sent = body();
    try {
      const saved = channel
        ? await apiRequest<Created>(projectApi(projectId, `channels/${encodeURIComponent(channel.id)}`), { method: "PATCH", body: sent })
        : await apiRequest<Created>(projectApi(projectId, "channels"), { method: "POST", body: sent });
      onSaved(saved);
      if (!channel) {
        setName("");
        setUrl("");
        setAddresses("");
      }
    } catch (err) {
      if (err instanceof ApiProblem && err.errors.length) {
        const fields: Record<string, string> = {};
        const typed = (sent.recipients as { addresses?: string[] } | undefined)?.addresses ?? [];
        for (const e of err.errors) {
          const parts = e.pointer.split("/").slice(1);
          const key = parts[0] || "form";
          const address = parts[1] === "addresses" && parts[2] !== undefined ? typed[Number(parts[2])] : undefined;
          fields[key] ??= address ? `${address}: ${e.message}` : e.message;
        }
        setErrors(fields);
        if (fields.form || fields.type) setFormError(fields.form ?? fields.type);
      } else setFormError(err instanceof Error ? err.message : "The channel was not saved.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={channel ? `Edit ${channel.name}` : "Add a channel"}>
      <div className="grid gap-4 sm:grid-cols-2">
        {channel ? null : (
          <Field id={`${prefix}-type`} label="Type">
            <SelectControl id={`${prefix}-type`} value={type} onChange={(e) => setType(e.target.value as EditableType)}>
              {(["webhook", "slack", "email"] as const).map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </SelectControl>
          </Field>
        )}
        <Field id={`${prefix}-name`} label="Name" error={errors.name} hint="How rules and the incident timeline name it.">
          <TextControl id={`${prefix}-name`} value={name} maxLength={80} placeholder={type === "email" ? "On-call e-mail" : type === "slack" ? "#alerts" : "PagerDuty bridge"} onChange={(e) => setName(e.target.value)} error={errors.name} />
        </Field>
      </div>
      {type === "webhook" || type === "slack" ? (
        <Field
          id={`${prefix}-url`}
          label={URL_LABELS[type].label}
          error={errors.url}
          hint={channel && type === "slack" ? `Now ${config.url ?? "set"}; leave blank to keep it.` : URL_LABELS[type].hint}
        >
          <TextControl id={`${prefix}-url`} type="url" value={url} placeholder={URL_LABELS[type].placeholder} onChange={(e) => setUrl(e.target.value)} error={errors.url} />
        </Field>
      ) : (
        <fieldset className="space-y-2">
          <legend className="text-tremor-default font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">Recipients</legend>
          <label className="flex items-center gap-2 text-tremor-default">
            <input type="radio" name={`${prefix}-recipients`} checked={!allMembers} onChange={() => setAllMembers(false)} /> These addresses
          </label>
          <label className="flex items-center gap-2 text-tremor-default">
            <input type="radio" name={`${prefix}-recipients`} checked={allMembers} onChange={() => setAllMembers(true)} /> All members of the organization
          </label>
          {allMembers ? null : (
            <Field id={`${prefix}-addresses`} label="Recipient addresses" error={errors.recipients} hint="One per line, or separated by commas; at most 50.">
              <textarea
                id={`${prefix}-addresses`}
                rows={3}
                value={addresses}
                onChange={(e) => setAddresses(e.target.value)}
                aria-invalid={errors.recipients ? true : undefined}
                aria-describedby={errors.recipients ? `${prefix}-addresses-error` : undefined}
                placeholder="oncall@example.com"
                className={`w-full rounded-tremor-default border bg-tremor-background px-2.5 py-1.5 text-tremor-default text-tremor-content-strong shadow-tremor-input outline-none focus:ring-2 dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong ${errors.recipients ? "border-red-500" : "border-tremor-border dark:border-dark-tremor-border"}`}
              />
            </Field>
          )}
          {allMembers && errors.recipients ? (
            <p role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
              {errors.recipients}
            </p>
          ) : null}
          {smtpConfigured ? null : (
            <p data-testid="smtp-missing" className="rounded-tremor-default bg-amber-50 px-3 py-2 text-tremor-label text-amber-800 dark:bg-amber-950 dark:text-amber-200">
              E-mail needs <code>SMTP_URL</code> (and <code>MAIL_FROM</code>) set on the server. You can add the channel now; until then its deliveries fail, with that reason in the log.
            </p>
          )}
        </fieldset>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={pending} loadingText="Saving…">
          {channel ? "Save channel" : "Add channel"}
        </Button>
        {onCancel ? (
          <Button type="button" variant="light" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        {formError ? (
          <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
            {formError}
          </p>
        ) : null}
      </div>
    </form>
  );
}
