import { getOverview } from "@/lib/analytics/overview";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";

/** GET /api/v1/projects/{projectId}/overview — totals and series for the window. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const window = resolveWindow(parseQuery(request, windowQuery));
  return json(await getOverview(db, project.id, window));
});
