import { withCron } from "@/lib/http/cron";
import { applyRetention } from "@/lib/ingest/retention";
import { otherMethods } from "@/lib/http/methods";

/**
 * GET /api/cron/retention — daily (vercel.json; the in-process scheduler of `npm start`).
 * Deletes raw telemetry past each project's retention in bounded batches; a run that hits
 * its batch budget says `complete: false` and the next run continues.
 */
export const GET = withCron(async ({ db }) => {
  const started = Date.now();
  const summary = await applyRetention(db);
  return Response.json({ ...summary, durationMs: Date.now() - started });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
