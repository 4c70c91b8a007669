import { getIncident } from "@/lib/alerts/incidents";
import { json } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET — the incident with its timeline. */
export const GET = withProject<{ projectId: string; incidentId: string }>({ permission: "read", scope: "read" }, async ({ db, project, params }) => {
  return json(await getIncident(db, project.id, params.incidentId));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
