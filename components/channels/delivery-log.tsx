"use client";

import { Button, Card } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import type { DeliveryView } from "@/lib/notify/deliveries";
import { plural } from "@/lib/format/plural";
import { apiRequest, projectApi } from "@/components/alerts/api";
import { AttemptList, DeliveryStatusBadge } from "./channel-parts";
import { EVENT_LABELS, formatUtc } from "./channel-words";
import { useDeliveries, useRefreshChannels } from "./queries";

/**
 * A channel's deliveries, newest first (GET …/deliveries): what was sent, how it went,
 * every attempt, when the next retry is. A failed delivery can be sent again with the same
 * `webhook-id` (admins and owners). "Load more" follows the API's cursor.
 */
export function DeliveryLog({ projectId, channelId, basePath, canManage }: { projectId: string; channelId: string; basePath: string; canManage: boolean }) {
  const deliveries = useDeliveries(projectId, channelId);
  const rows = deliveries.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">Deliveries</h2>
        <Button size="xs" variant="light" onClick={() => deliveries.refetch()} loading={deliveries.isRefetching} loadingText="Refreshing…">
          Refresh
        </Button>
      </div>
      {deliveries.isPending ? (
        <p className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="deliveries-loading" aria-busy="true">
          Loading deliveries…
        </p>
      ) : deliveries.error && rows.length === 0 ? (
        <p role="alert" className="mt-3 text-tremor-default text-red-600 dark:text-red-400">
          {deliveries.error.message}
        </p>
      ) : rows.length === 0 ? (
        <p className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="deliveries-empty">
          Nothing sent yet. Notices of rules that use this channel, and tests, are listed here with every attempt.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-tremor-border dark:divide-dark-tremor-border">
          {rows.map((d) => (
            <DeliveryRow key={d.id} delivery={d} projectId={projectId} channelId={channelId} basePath={basePath} canManage={canManage} />
          ))}
        </ul>
      )}
      {deliveries.hasNextPage ? (
        <Button className="mt-3" size="xs" variant="secondary" onClick={() => deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage} loadingText="Loading…">
          Load more
        </Button>
      ) : null}
    </Card>
  );
}

function DeliveryRow({ delivery, projectId, channelId, basePath, canManage }: { delivery: DeliveryView; projectId: string; channelId: string; basePath: string; canManage: boolean }) {
  const refresh = useRefreshChannels(projectId);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function redeliver() {
    setPending(true);
    setError(null);
    try {
      await apiRequest(projectApi(projectId, `channels/${encodeURIComponent(channelId)}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`), { method: "POST" });
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not redeliver.");
    } finally {
      await refresh(channelId);
      setPending(false);
    }
  }

  return (
    <li className="py-3" data-testid="delivery" data-delivery-id={delivery.id} data-delivery-type={delivery.type} data-delivery-status={delivery.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong" data-testid="delivery-type">
          {EVENT_LABELS[delivery.type] ?? delivery.type}
        </span>
        <DeliveryStatusBadge status={delivery.status} />
        <span className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" data-testid="delivery-attempts">
          {/* `attempts` restarts with a redelivery (its schedule starts over); the log keeps every one. */}
          {plural(Math.max(delivery.log.length, delivery.attempts), "attempt")}
          {delivery.log.length > delivery.attempts ? " (redelivered)" : ""} · queued {formatUtc(delivery.createdAt)}
          {delivery.deliveredAt ? ` · delivered ${formatUtc(delivery.deliveredAt)}` : ""}
          {delivery.nextAttemptAt ? ` · next try ${formatUtc(delivery.nextAttemptAt)}` : ""}
        </span>
        {delivery.incidentId ? (
          <Link href={`${basePath}/alerts/${delivery.incidentId}`} className="text-tremor-label text-tremor-brand hover:underline">
            Incident
          </Link>
        ) : null}
        {canManage && delivery.status === "failed" ? (
          <Button size="xs" variant="secondary" className="ml-auto" onClick={redeliver} loading={pending} loadingText="Sending…">
            Redeliver
          </Button>
        ) : null}
      </div>
      {delivery.lastError && delivery.status !== "delivered" && delivery.lastError !== delivery.log.at(-1)?.error ? <p className="mt-1 text-tremor-label text-red-700 dark:text-red-400">Last error: {delivery.lastError}</p> : null}
      <div className="mt-1 pl-1">
        <AttemptList log={delivery.log} />
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </li>
  );
}
