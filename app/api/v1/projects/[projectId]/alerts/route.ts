import { z } from "zod";
import { listIncidents } from "@/lib/alerts/incidents";
import { paginationQuery } from "@/lib/pagination";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const query = paginationQuery.extend({ status: z.enum(["firing", "resolved"]).optional(), ruleId: z.string().max(64).optional() });

/** GET — incidents, firing first then newest. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  return json(await listIncidents(db, project.id, parseQuery(request, query)));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
