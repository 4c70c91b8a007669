import { Card } from "@tremor/react";
import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import type { AwaitingDataState } from "@/lib/pages/project-page";
import { LoadSampleData } from "./load-sample-data";
import { WaitingForData, WaitingScope } from "./waiting-for-data";
import { PROJECT_SECTION_CONTENT, type ProjectSection } from "./section-content";
import { ingestCurl } from "./sample-events";
import { otelSnippets } from "@/components/settings/sentry-snippets";

/**
 * The honest empty state of a dashboard page that has no data yet: what the page will
 * show, and the exact request that makes data appear.
 */
export function AwaitingData({ section, origin, keysHref, sampleData }: { section: ProjectSection } & AwaitingDataState) {
  const { title, description, willShow, types } = PROJECT_SECTION_CONTENT[section];
  return (
    <>
      <PageHeader title={title} description={description} />
      <WaitingScope>
        <Card data-testid="empty-state">
          <h2 className="font-semibold">No data yet</h2>
          <WaitingForData />
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">Once this project receives telemetry, this page shows:</p>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
            {willShow.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h3 className="mt-6 font-semibold">Send your first event</h3>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            <li>
              Create an API key with the <code>ingest</code> scope in{" "}
              <Link href={keysHref} className="text-tremor-brand hover:underline">
                Settings → API keys
              </Link>
              .
            </li>
            <li>
              Put it in <code>VIGIL_API_KEY</code> and run:
            </li>
          </ol>
          <div className="mt-3">
            <CodeBlock code={ingestCurl(origin, [...types])} />
          </div>
          <details className="mt-6 border-t border-tremor-border pt-4 dark:border-dark-tremor-border" data-testid="other-doors">
            <summary className="cursor-pointer font-semibold">Already instrumented? Send with OpenTelemetry or a Sentry SDK</summary>
            <p className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              <strong>OpenTelemetry</strong> (OTLP/HTTP, JSON or protobuf): point the exporter at <code>{origin}/api/v1/otlp</code> (traces at{" "}
              <code>/v1/traces</code>, logs at <code>/v1/logs</code>) with the ingest key as <code>Authorization: Bearer</code> or <code>x-vigil-key</code>.
            </p>
            <div className="mt-3 space-y-3">
              {otelSnippets(origin).map((s) => (
                <CodeBlock key={s.label} label={s.label} code={s.code} />
              ))}
            </div>
            <p className="mt-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              <strong>Sentry SDKs</strong> (<code>@sentry/nextjs</code>, <code>@sentry/node</code>, <code>@sentry/browser</code>): use this project&apos;s DSN from{" "}
              <Link href={keysHref.replace(/\/keys$/, "/sentry")} className="text-tremor-brand hover:underline">
                Settings → Sentry SDK
              </Link>
              .
            </p>
          </details>
          {sampleData ? (
            <div className="mt-6 border-t border-tremor-border pt-4 dark:border-dark-tremor-border" data-testid="sample-data">
              <p className="mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
                Or explore Vigil with a week of generated telemetry: deployments, functions, requests, errors, logs and Web Vitals.
              </p>
              <LoadSampleData orgSlug={sampleData.orgSlug} projectSlug={sampleData.projectSlug} />
            </div>
          ) : null}
        </Card>
      </WaitingScope>
    </>
  );
}
