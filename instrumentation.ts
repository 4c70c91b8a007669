import * as Sentry from "@sentry/nextjs";

/**
 * Runs once when a server instance starts: reports Vigil's own errors to Sentry when
 * SENTRY_DSN is set (a no-op otherwise), and opens and migrates the database so the first
 * request does not pay for it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (env.SENTRY_DSN) {
    Sentry.init({ dsn: env.SENTRY_DSN, tracesSampleRate: 0.1, environment: env.NODE_ENV });
  }
  // The routes scripts/serve.mjs answers before Next (lib/http/native-routes.ts).
  const { createNativeRoutes, nativeRoutesSlot } = await import("@/lib/http/native-routes");
  nativeRoutesSlot.set(createNativeRoutes());
  const { securityHeaders, securityHeadersSlot } = await import("@/lib/http/security-headers");
  securityHeadersSlot.set(securityHeaders);
  const { getDb } = await import("@/lib/db/client");
  const { log } = await import("@/lib/log");
  try {
    await getDb();
  } catch (err) {
    // Keep serving: /api/health reports the database as unavailable and requests retry it.
    log.error("database unavailable at start", { err });
  }
  if (env.IN_PROCESS_SCHEDULER === "on" || (env.IN_PROCESS_SCHEDULER === "auto" && !env.VERCEL)) {
    const { startScheduler } = await import("@/lib/jobs/scheduler");
    startScheduler();
  }
}

export const onRequestError = Sentry.captureRequestError;
