import { ingestEndpoint } from "./ingest-endpoint";
import { sentryEnvelopeEndpoint, sentryStoreEndpoint, withSentryHeaders } from "./sentry-endpoint";
import { otlpLogsEndpoint, otlpTracesEndpoint } from "./otlp-endpoint";

/**
 * THE table of fast ingest routes: the paths the Node server of `npm start` answers before
 * Next (lib/http/native-routes.ts), which draw on the ingest budget (request-limits.ts),
 * and which proxy.ts's matcher must cover so that `next start`, `next dev` and Vercel limit
 * them the same way (a test checks it). Each path also has an app/api route of the same
 * handler. A new ingest door (OTLP, Sentry envelopes) is one row here plus its route file.
 */
export interface FastRoute {
  method: "POST";
  /** The path as documented, and a sample for tests. */
  path: string;
  /** Matches the pathname (no query). */
  pattern: RegExp;
  handler: (request: Request) => Promise<Response>;
  /** The route file's directory under app/, when `path` (a sample) is not it: dynamic segments. */
  appRoute?: string;
  /** Applied to the rate limiter's 429 too, for clients that need their own headers on it (Sentry's CORS and limits). */
  decorate?: (response: Response) => Response;
}

export const FAST_ROUTES: readonly FastRoute[] = [
  { method: "POST", path: "/api/v1/ingest", pattern: /^\/api\/v1\/ingest\/?$/, handler: ingestEndpoint },
  // Sentry SDKs post to the trailing-slash URL and do not follow redirects (next.config.mjs).
  { method: "POST", path: "/api/1234567/envelope/", appRoute: "/api/[projectRef]/envelope", pattern: /^\/api\/\d{1,10}\/envelope\/?$/, handler: sentryEnvelopeEndpoint, decorate: withSentryHeaders },
  { method: "POST", path: "/api/1234567/store/", appRoute: "/api/[projectRef]/store", pattern: /^\/api\/\d{1,10}\/store\/?$/, handler: sentryStoreEndpoint, decorate: withSentryHeaders },
  { method: "POST", path: "/api/v1/otlp/v1/traces", pattern: /^\/api\/v1\/otlp\/v1\/traces\/?$/, handler: otlpTracesEndpoint },
  { method: "POST", path: "/api/v1/otlp/v1/logs", pattern: /^\/api\/v1\/otlp\/v1\/logs\/?$/, handler: otlpLogsEndpoint },
];

export function fastRouteFor(method: string, pathname: string): FastRoute | undefined {
  return FAST_ROUTES.find((r) => r.method === method && r.pattern.test(pathname));
}
