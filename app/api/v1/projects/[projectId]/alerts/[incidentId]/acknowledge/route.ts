import { acknowledgeIncident } from "@/lib/alerts/incidents";
import { json } from "@/lib/http/request";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** POST — stops renotification; members and above, by name in the timeline. */
export const POST = withMemberProject<{ projectId: string; incidentId: string }>({ permission: "triage" }, async ({ db, project, actor, params }) => {
  return json(await acknowledgeIncident(db, { project, incidentId: params.incidentId, actor }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
