"use client";

import { Badge, Button, Card } from "@tremor/react";
import type { ChannelView } from "@/lib/notify/channels";
import type { DeliveryView } from "@/lib/notify/deliveries";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { answerPreview, attemptLine, attemptOk, formatUtc, STATUS_WORDS, verifySnippet } from "./channel-words";

const STATUS_COLORS: Record<string, "emerald" | "red" | "amber" | "blue"> = { delivered: "emerald", failed: "red", pending: "amber", sending: "blue" };

export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? "gray"} data-testid="delivery-status">
      {STATUS_WORDS[status] ?? status}
    </Badge>
  );
}

export function EnabledBadge({ channel }: { channel: Pick<ChannelView, "enabled"> }) {
  return (
    <Badge color={channel.enabled ? "emerald" : "gray"} data-testid="channel-state">
      {channel.enabled ? "enabled" : "disabled"}
    </Badge>
  );
}

/**
 * A webhook's signing secret, shown once (at creation or rotation) with a copy button and
 * how to verify it; after a rotation the former secret keeps signing until `previousSecretUntil`.
 */
export function SecretCard({ channel, secret, rotated, onDismiss }: { channel: ChannelView; secret: string; rotated: boolean; onDismiss: () => void }) {
  return (
    <Card role="dialog" aria-label={`Signing secret of ${channel.name}`} data-testid="channel-secret" className="ring-emerald-300 dark:ring-emerald-800">
      <h2 className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {rotated ? "New signing secret" : "Signing secret"} of “{channel.name}”: copy it now
      </h2>
      <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        This is the only time it is shown; Vigil keeps it encrypted and never returns it. If you lose it, rotate it.
      </p>
      <div className="mt-3 flex items-center gap-2">
        <code data-testid="channel-secret-value" className="flex-1 break-all rounded bg-tremor-background-subtle px-2 py-1.5 text-sm dark:bg-dark-tremor-background-subtle">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      {rotated && channel.previousSecretUntil ? (
        <p className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content" data-testid="rotation-overlap">
          Until {formatUtc(channel.previousSecretUntil)} (24 hours) every delivery carries both signatures, the former secret&apos;s and this one&apos;s, so your receiver can switch without
          missing a notification.
        </p>
      ) : null}
      <p className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        Verify each request like this, with the <code>standardwebhooks</code> package, before trusting it:
      </p>
      <div className="mt-2">
        <CodeBlock code={verifySnippet()} label="TypeScript" />
      </div>
      <Button className="mt-3" size="xs" variant="light" onClick={onDismiss}>
        I have saved it
      </Button>
    </Card>
  );
}

/** One delivery's attempts, oldest first: time, outcome in words, the first part of the answer. */
export function AttemptList({ log }: { log: DeliveryView["log"] }) {
  if (log.length === 0) return <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">No attempt yet.</p>;
  return (
    <ol className="space-y-1">
      {log.map((attempt, i) => {
        const answer = answerPreview(attempt.answer);
        return (
          <li key={`${attempt.at}-${i}`} data-testid="attempt" className="text-tremor-label">
            <span className="tabular-nums text-tremor-content dark:text-dark-tremor-content">{formatUtc(attempt.at)}</span>{" "}
            <span className={attemptOk(attempt) ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>{attemptLine(attempt)}</span>
            {answer ? (
              <>
                {" "}
                <span className="text-tremor-content dark:text-dark-tremor-content">· answered</span>{" "}
                <code className="break-all rounded bg-tremor-background-subtle px-1 dark:bg-dark-tremor-background-subtle" data-testid="attempt-answer">
                  {answer}
                </code>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** What Send test did, inline under the channel: its first attempt. */
export function TestResult({ delivery }: { delivery: DeliveryView }) {
  const first = delivery.log[0];
  const ok = delivery.status === "delivered";
  return (
    <div role="status" data-testid="test-result" className={`mt-3 rounded-tremor-default px-3 py-2 ${ok ? "bg-emerald-50 dark:bg-emerald-950" : "bg-red-50 dark:bg-red-950"}`}>
      <p className="text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {ok ? "Test delivered" : delivery.status === "pending" ? `Test failed; retried ${delivery.nextAttemptAt ? `at ${formatUtc(delivery.nextAttemptAt)}` : "later"}` : "Test failed"}
      </p>
      {first ? <AttemptList log={[first]} /> : null}
    </div>
  );
}
