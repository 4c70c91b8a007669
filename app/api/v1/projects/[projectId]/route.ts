import { getProjectSummary } from "@/lib/tenancy/projects";
import { json } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** The project itself: lets a `read` key (or a member) check what it is connected to. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ db, project }) => {
  return json(await getProjectSummary(db, project.id));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
