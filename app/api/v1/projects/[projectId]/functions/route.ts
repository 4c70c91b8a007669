import { z } from "zod";
import { getFunctions } from "@/lib/analytics/dimensions";
import { resolveWindow, windowQuery } from "@/lib/analytics/window";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const functionsQuery = windowQuery.extend({ functionName: z.string().min(1).max(256).optional() });

/** GET /api/v1/projects/{projectId}/functions — per function, and a series; `?functionName=` narrows. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const query = parseQuery(request, functionsQuery);
  return json(await getFunctions(db, project.id, resolveWindow(query), query.functionName));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
