"use client";

import { Badge, Button, Card } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import type { ChannelView } from "@/lib/notify/channels";
import type { DeliveryView } from "@/lib/notify/deliveries";
import { apiRequest, projectApi } from "@/components/alerts/api";
import { ChannelForm, type Created } from "./channel-form";
import { EnabledBadge, SecretCard, TestResult } from "./channel-parts";
import { channelTarget, formatUtc, TYPE_LABELS } from "./channel-words";
import { useChannels, useRefreshChannels } from "./queries";

const DANGER = "text-tremor-default text-red-600 hover:underline disabled:opacity-50 dark:text-red-400";

/**
 * Settings → Channels: where alerts go. Everyone who reads the project sees the channels and
 * where they point (never a secret); admins and owners add, edit, test, rotate, enable or
 * disable and delete them. The built-in inbox can only be tested.
 */
export function ChannelsManager({
  projectId,
  basePath,
  canManage,
  smtpConfigured,
  initialChannels,
}: {
  projectId: string;
  basePath: string;
  canManage: boolean;
  smtpConfigured: boolean;
  initialChannels: ChannelView[];
}) {
  const channels = useChannels(projectId, initialChannels);
  const refresh = useRefreshChannels(projectId);
  const [secret, setSecret] = useState<{ channel: ChannelView; secret: string; rotated: boolean } | null>(null);
  const [adding, setAdding] = useState(false);
  const list = channels.data?.data ?? [];

  async function created(saved: Created) {
    if (saved.secret) setSecret({ channel: saved, secret: saved.secret, rotated: false });
    setAdding(false);
    await refresh();
  }

  return (
    <div className="space-y-6">
      {secret ? <SecretCard channel={secret.channel} secret={secret.secret} rotated={secret.rotated} onDismiss={() => setSecret(null)} /> : null}

      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">Channels</h2>
            <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">Where this project&apos;s alert rules send their notices. A rule picks its channels in its form.</p>
          </div>
          {canManage && !adding ? <Button onClick={() => setAdding(true)}>Add channel</Button> : null}
        </div>
        {canManage && adding ? (
          <div className="mt-4 border-t border-tremor-border pt-4 dark:border-dark-tremor-border">
            <ChannelForm projectId={projectId} smtpConfigured={smtpConfigured} onSaved={created} onCancel={() => setAdding(false)} />
          </div>
        ) : null}
        {canManage ? null : (
          <p className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="channels-read-only">
            Only admins and owners can add, change, test or delete channels.
          </p>
        )}
      </Card>

      {channels.error ? (
        <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
          {channels.error.message}
        </p>
      ) : null}
      <ul className="space-y-3">
        {list.map((channel) => (
          <ChannelRow
            key={channel.id}
            projectId={projectId}
            basePath={basePath}
            channel={channel}
            canManage={canManage}
            smtpConfigured={smtpConfigured}
            onSecret={(c, s) => setSecret({ channel: c, secret: s, rotated: true })}
          />
        ))}
      </ul>
    </div>
  );
}

function ChannelRow({
  projectId,
  basePath,
  channel,
  canManage,
  smtpConfigured,
  onSecret,
}: {
  projectId: string;
  basePath: string;
  channel: ChannelView;
  canManage: boolean;
  smtpConfigured: boolean;
  onSecret: (channel: ChannelView, secret: string) => void;
}) {
  const refresh = useRefreshChannels(projectId);
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete" | "confirm-rotate">("view");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<DeliveryView | null>(null);
  const path = `channels/${encodeURIComponent(channel.id)}`;
  const inbox = channel.type === "inbox";

  async function act(label: string, run: () => Promise<void>) {
    setBusy(label);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err instanceof Error ? err.message : `Could not ${label.toLowerCase()}.`);
    } finally {
      setBusy(null);
      await refresh(channel.id);
    }
  }

  const sendTest = () =>
    act("Send test", async () => {
      setTest(null);
      setTest(await apiRequest<DeliveryView>(projectApi(projectId, `${path}/test`), { method: "POST" }));
    });
  const toggle = () => act(channel.enabled ? "Disable" : "Enable", () => apiRequest(projectApi(projectId, path), { method: "PATCH", body: { enabled: !channel.enabled } }));
  const remove = () => act("Delete", () => apiRequest(projectApi(projectId, path), { method: "DELETE" }));
  const rotate = () =>
    act("Rotate secret", async () => {
      setMode("view");
      const rotated = await apiRequest<ChannelView & { secret: string }>(projectApi(projectId, `${path}/rotate-secret`), { method: "POST" });
      onSecret(rotated, rotated.secret);
      window.scrollTo({ top: 0, behavior: "smooth" });
    });

  return (
    <li data-testid="channel-row" data-channel-name={channel.name} data-channel-type={channel.type}>
      <Card className="p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              {/* The inbox's name already says what it is. */}
              {inbox ? null : (
                <Badge color="slate" data-testid="channel-type">
                  {TYPE_LABELS[channel.type]}
                </Badge>
              )}
              <Link href={`${basePath}/settings/channels/${channel.id}`} className="font-medium text-tremor-content-strong hover:underline dark:text-dark-tremor-content-strong">
                {channel.name}
              </Link>
              <EnabledBadge channel={channel} />
            </div>
            <p className="mt-1 break-all text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="channel-target">
              {channelTarget(channel)}
            </p>
            {channel.disabledReason ? (
              <p className="mt-1 text-tremor-label text-amber-700 dark:text-amber-300" data-testid="disabled-reason">
                Disabled: {channel.disabledReason}
              </p>
            ) : null}
            {channel.problem ? (
              <p className="mt-1 text-tremor-label text-amber-700 dark:text-amber-300" data-testid="channel-problem">
                {channel.problem}
              </p>
            ) : null}
            {channel.previousSecretUntil ? (
              <p className="mt-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">Secret rotated: both signatures are sent until {formatUtc(channel.previousSecretUntil)}.</p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Link href={`${basePath}/settings/channels/${channel.id}`} className="text-tremor-default text-tremor-brand hover:underline">
              Deliveries
            </Link>
            {canManage ? (
              <>
                <Button size="xs" variant="secondary" loading={busy === "Send test"} loadingText="Sending…" onClick={sendTest} disabled={busy !== null}>
                  Send test
                </Button>
                {inbox ? null : (
                  <>
                    <Button size="xs" variant="light" onClick={() => setMode(mode === "edit" ? "view" : "edit")} disabled={busy !== null}>
                      Edit
                    </Button>
                    <Button size="xs" variant="light" onClick={toggle} loading={busy === "Disable" || busy === "Enable"} disabled={busy !== null}>
                      {channel.enabled ? "Disable" : "Enable"}
                    </Button>
                    {channel.type === "webhook" ? (
                      <Button size="xs" variant="light" onClick={() => setMode("confirm-rotate")} disabled={busy !== null}>
                        Rotate secret
                      </Button>
                    ) : null}
                    <button type="button" className={DANGER} onClick={() => setMode("confirm-delete")} disabled={busy !== null}>
                      Delete
                    </button>
                  </>
                )}
              </>
            ) : null}
          </div>
        </div>

        {mode === "confirm-delete" ? (
          <div role="alertdialog" aria-label={`Delete ${channel.name}`} className="mt-3 flex flex-wrap items-center justify-end gap-3 rounded-tremor-default bg-red-50 px-3 py-2 dark:bg-red-950">
            <p className="mr-auto text-tremor-default text-red-800 dark:text-red-200">Delete “{channel.name}” and its delivery log? Rules that use it stop sending to it.</p>
            <Button size="xs" variant="light" onClick={() => setMode("view")}>
              Cancel
            </Button>
            <Button size="xs" color="red" onClick={remove} loading={busy === "Delete"}>
              Delete channel
            </Button>
          </div>
        ) : null}
        {mode === "confirm-rotate" ? (
          <div role="alertdialog" aria-label={`Rotate the secret of ${channel.name}`} className="mt-3 flex flex-wrap items-center justify-end gap-3 rounded-tremor-default bg-amber-50 px-3 py-2 dark:bg-amber-950">
            <p className="mr-auto text-tremor-default text-amber-900 dark:text-amber-100">A new secret signs every delivery; for 24 hours the current one signs too, so your receiver can switch.</p>
            <Button size="xs" variant="light" onClick={() => setMode("view")}>
              Cancel
            </Button>
            <Button size="xs" onClick={rotate}>
              Rotate secret
            </Button>
          </div>
        ) : null}
        {mode === "edit" ? (
          <div className="mt-4 border-t border-tremor-border pt-4 dark:border-dark-tremor-border">
            <ChannelForm
              projectId={projectId}
              channel={channel}
              smtpConfigured={smtpConfigured}
              onSaved={async () => {
                setMode("view");
                await refresh(channel.id);
              }}
              onCancel={() => setMode("view")}
            />
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="mt-2 text-tremor-default text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        {test ? <TestResult delivery={test} /> : null}
      </Card>
    </li>
  );
}
