import { deploymentsQuery, getDeploymentList } from "@/lib/analytics/deployments";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";

/** GET /api/v1/projects/{projectId}/deployments — newest first; filters status, environment, branch; plus `stats`. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await getDeploymentList(db, project.id, parseQuery(request, deploymentsQuery)));
});
