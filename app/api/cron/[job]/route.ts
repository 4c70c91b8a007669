import { NotFoundError } from "@/lib/errors";
import { withCron } from "@/lib/http/cron";
import { otherMethods } from "@/lib/http/methods";
import { jobNamed } from "@/lib/jobs/registry";

/**
 * GET /api/cron/{job} — runs one job of lib/jobs/registry.ts (its name, schedule and what it
 * does are there) and answers its JSON summary. Vercel calls it on each job's schedule
 * (vercel.json); the in-process scheduler of `npm start` runs the same jobs without HTTP.
 * An unknown job is 404, but only to a caller holding the secret: withCron answers 401 first.
 */
export const GET = withCron<{ job: string }>(async ({ db, params }) => {
  const job = jobNamed(params.job);
  if (!job) throw new NotFoundError("job");
  return Response.json(await job.run(db, { now: new Date() }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
