import { getSentryDsn } from "@/lib/api-keys/sentry-dsn";
import { appOrigin } from "@/lib/app-url";
import { json } from "@/lib/http/request";
import { otherMethods } from "@/lib/http/methods";
import { withMemberProject } from "@/lib/http/route";

/**
 * GET /api/v1/projects/{projectId}/sentry-dsn — the project's DSN for Sentry SDKs, made on
 * first use. Its key is public (it ships in browser bundles), so every member may see it;
 * API keys may not manage it.
 */
export const GET = withMemberProject({ permission: "read" }, async ({ request, db, project }) => {
  return json(await getSentryDsn(db, { projectId: project.id, origin: appOrigin(request.headers) }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
