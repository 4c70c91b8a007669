import { listIssues, listIssuesQuery } from "@/lib/analytics/issues";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET /api/v1/projects/{projectId}/issues — error groups; filters status, q, environment, release. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await listIssues(db, project.id, parseQuery(request, listIssuesQuery)));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
