import { logsQuery, searchLogs } from "@/lib/analytics/logs";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET /api/v1/projects/{projectId}/logs — `q` (full text), `level`, window; newest first. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await searchLogs(db, project.id, parseQuery(request, logsQuery)));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
