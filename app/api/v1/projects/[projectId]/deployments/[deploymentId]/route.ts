import { getDeploymentBySegment } from "@/lib/analytics/deployments";
import { NotFoundError } from "@/lib/errors";
import { json } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

type Params = { projectId: string; deploymentId: string };

/** GET — one deployment with its events, linked errors and invocation summary; unknown or foreign ids are 404. */
export const GET = withProject<Params>({ permission: "read", scope: "read" }, async ({ db, project, params }) => {
  const deployment = await getDeploymentBySegment(db, project.id, params.deploymentId);
  if (!deployment) throw new NotFoundError("deployment");
  return json(deployment);
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
