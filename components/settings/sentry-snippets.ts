/**
 * Setup snippets for sending to Vigil with the tools teams already use: the Sentry SDKs
 * (a DSN) and OpenTelemetry (the OTLP/HTTP endpoint with an ingest key). Pure strings, so
 * the settings page and the empty states show the same ones.
 */
export function sentrySnippets(dsn: string) {
  return [
    {
      label: "@sentry/nextjs — instrumentation-client.ts, sentry.server.config.ts, sentry.edge.config.ts",
      code: `import * as Sentry from "@sentry/nextjs";

Sentry.init({
  dsn: "${dsn}",
  tracesSampleRate: 1.0,
  enableLogs: true,
});`,
    },
    {
      label: "@sentry/node — before anything else is imported",
      code: `import * as Sentry from "@sentry/node";

Sentry.init({
  dsn: "${dsn}",
  release: process.env.RELEASE,
  environment: process.env.NODE_ENV,
  tracesSampleRate: 1.0,
  enableLogs: true,
});`,
    },
    {
      label: "@sentry/browser — Web Vitals come with browserTracingIntegration",
      code: `import * as Sentry from "@sentry/browser";

Sentry.init({
  dsn: "${dsn}",
  integrations: [Sentry.browserTracingIntegration()],
  tracesSampleRate: 1.0,
});`,
    },
  ];
}

export function otelSnippets(origin: string) {
  return [
    {
      label: "Next.js with @vercel/otel — .env",
      code: `OTEL_EXPORTER_OTLP_ENDPOINT=${origin}/api/v1/otlp
OTEL_EXPORTER_OTLP_HEADERS=x-vigil-key=$VIGIL_API_KEY
OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`,
    },
    {
      label: "instrumentation.ts",
      code: `import { registerOTel } from "@vercel/otel";

export function register() {
  registerOTel({ serviceName: "my-app" });
}`,
    },
  ];
}
