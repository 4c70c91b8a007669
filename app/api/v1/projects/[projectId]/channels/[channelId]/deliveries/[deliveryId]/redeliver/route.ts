import { redeliver } from "@/lib/notify/deliveries";
import { json } from "@/lib/http/request";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** POST — sends the delivery again now, same `webhook-id`; admins and owners. */
export const POST = withMemberProject<{ projectId: string; channelId: string; deliveryId: string }>({ permission: "manageChannels" }, async ({ db, project, params }) => {
  return json(await redeliver(db, { project, channelId: params.channelId, deliveryId: params.deliveryId }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
