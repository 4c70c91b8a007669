import type { APIRequestContext } from "@playwright/test";

/**
 * The cron secret of the suite's server (playwright.config.ts hands it to the server's
 * environment), so a spec can run a job as Vercel's cron does: GET /api/cron/{job} with
 * the bearer secret. With E2E_REUSE_SERVER=1, start that server with this CRON_SECRET.
 */
export const E2E_CRON_SECRET = "vigil-e2e-cron-secret";

/** Runs one job of the registry now and answers its JSON summary. */
export async function runJob(request: APIRequestContext, job: string): Promise<Record<string, unknown>> {
  const res = await request.get(`/api/cron/${job}`, { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
  if (!res.ok()) throw new Error(`GET /api/cron/${job} answered ${res.status()}: ${await res.text()}`);
  return res.json();
}
