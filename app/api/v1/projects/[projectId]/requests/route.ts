import { z } from "zod";
import { getRequests } from "@/lib/analytics/dimensions";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { ValidationError } from "@/lib/errors";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const requestsQuery = windowQuery.extend({
  method: z.string().min(1).max(16).transform((m) => m.toUpperCase()).optional(),
  route: z.string().min(1).max(512).optional(),
});

/** GET /api/v1/projects/{projectId}/requests — per route and method, and a series; `?method=&route=` narrows to one. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const query = parseQuery(request, requestsQuery);
  if ((query.method === undefined) !== (query.route === undefined)) {
    const missing = query.method === undefined ? "method" : "route";
    throw new ValidationError([{ pointer: `query.${missing}`, message: "`method` and `route` narrow together; give both" }]);
  }
  const route = query.method && query.route ? { method: query.method, route: query.route } : undefined;
  return json(await getRequests(db, project.id, resolveWindow(query), route));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
