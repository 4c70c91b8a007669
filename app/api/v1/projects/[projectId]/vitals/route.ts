import { z } from "zod";
import { getVitals } from "@/lib/analytics/web-vitals";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

// The same bounds ingest puts on a vital's `route`, so any stored route can be asked for.
const vitalsQuery = windowQuery.extend({ route: z.string().min(1).max(512).optional() });

/** GET /api/v1/projects/{projectId}/vitals — p75 and rating shares per vital, per route, and a p75 series; `?route=` narrows. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const query = parseQuery(request, vitalsQuery);
  return json(await getVitals(db, project.id, resolveWindow(query), { route: query.route }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
