"use client";

import { Button, Card } from "@tremor/react";
import { useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { otelSnippets, sentrySnippets } from "./sentry-snippets";

interface Dsn {
  dsn: string;
  publicKey: string;
  projectRef: number;
}

/** The project's DSN with copy buttons and setup snippets; admins may rotate its key. */
export function SentryDsnPanel({ projectId, initial, canRotate, origin }: { projectId: string; initial: Dsn; canRotate: boolean; origin: string }) {
  const [dsn, setDsn] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function rotate() {
    if (!window.confirm("Rotate the public key? Apps still sending with the old DSN will be refused until you update them.")) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/projects/${projectId}/sentry-dsn/rotate`, { method: "POST" });
      const body = await res.json();
      if (!res.ok) setError(body.detail ?? "Could not rotate the key.");
      else setDsn(body);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="font-semibold">DSN</h2>
        <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          Point any official Sentry SDK at Vigil with this DSN: errors become issues, transactions and spans become requests and functions, Web Vitals become vitals, and Sentry logs become logs. The key in it is public (it ships in browser bundles) and only opens this project&apos;s Sentry endpoints.
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <code data-testid="sentry-dsn" className="break-all rounded bg-tremor-background-subtle px-2 py-1 text-sm dark:bg-dark-tremor-background-subtle">
            {dsn.dsn}
          </code>
          <CopyButton text={dsn.dsn} label="Copy DSN" />
        </div>
        <dl className="mt-3 grid grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-1 text-tremor-default">
          <dt className="text-tremor-content">Public key</dt>
          <dd>
            <code>{dsn.publicKey}</code>
          </dd>
          <CopyButton text={dsn.publicKey} />
          <dt className="text-tremor-content">Project ref</dt>
          <dd>
            <code>{dsn.projectRef}</code>
          </dd>
          <CopyButton text={String(dsn.projectRef)} />
        </dl>
        {canRotate ? (
          <div className="mt-4">
            <Button size="xs" variant="secondary" color="red" onClick={rotate} loading={busy}>
              Rotate key
            </Button>
            {error ? <p className="mt-2 text-sm text-red-600">{error}</p> : null}
          </div>
        ) : null}
      </Card>
      <Card>
        <h2 className="font-semibold">Set up the SDK</h2>
        <div className="mt-3 space-y-4">
          {sentrySnippets(dsn.dsn).map((s) => (
            <CodeBlock key={s.label} label={s.label} code={s.code} />
          ))}
        </div>
      </Card>
      <Card>
        <h2 className="font-semibold">Other ways to send data</h2>
        <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          All three doors store the same events and show up identically on every page and in alert rules. Both of these take an API key with the <code>ingest</code> scope (Settings → API keys).
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          <li>
            <strong>Vigil JSON</strong>: <code>POST {origin}/api/v1/ingest</code> with <code>Authorization: Bearer</code> and <code>{"{ \"events\": [ … ] }"}</code>.
          </li>
          <li>
            <strong>OpenTelemetry</strong> (OTLP/HTTP, JSON or protobuf): <code>{origin}/api/v1/otlp/v1/traces</code> and <code>/v1/logs</code>, the key as <code>Authorization: Bearer</code> or <code>x-vigil-key</code>.
          </li>
        </ul>
        <div className="mt-3 space-y-4">
          {otelSnippets(origin).map((s) => (
            <CodeBlock key={s.label} label={s.label} code={s.code} />
          ))}
        </div>
      </Card>
    </div>
  );
}
