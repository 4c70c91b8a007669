import { getRequests } from "@/lib/analytics/dimensions";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";

/** GET /api/v1/projects/{projectId}/requests — per route and method, and a series. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await getRequests(db, project.id, resolveWindow(parseQuery(request, windowQuery))));
});
