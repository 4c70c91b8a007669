import { getOverview } from "@/lib/analytics/overview";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET /api/v1/projects/{projectId}/overview — totals and series for the window. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const window = resolveWindow(parseQuery(request, windowQuery));
  return json(await getOverview(db, project.id, window));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
