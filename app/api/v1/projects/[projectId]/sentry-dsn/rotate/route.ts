import { rotateSentryKey } from "@/lib/api-keys/sentry-dsn";
import { appOrigin } from "@/lib/app-url";
import { json } from "@/lib/http/request";
import { otherMethods } from "@/lib/http/methods";
import { withMemberProject } from "@/lib/http/route";

/** POST /api/v1/projects/{projectId}/sentry-dsn/rotate — admins: a new public key; the old one stops. */
export const POST = withMemberProject({ permission: "manageKeys" }, async ({ request, db, project, actor }) => {
  return json(await rotateSentryKey(db, { project, actor, origin: appOrigin(request.headers) }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
