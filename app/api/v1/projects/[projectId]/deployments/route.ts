import { deploymentsQuery, getDeploymentList } from "@/lib/analytics/deployments";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET /api/v1/projects/{projectId}/deployments — newest first; filters status, environment, branch; plus `stats`. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await getDeploymentList(db, project.id, parseQuery(request, deploymentsQuery)));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
