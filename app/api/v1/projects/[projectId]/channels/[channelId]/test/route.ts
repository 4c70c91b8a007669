import { sendTest } from "@/lib/notify/deliveries";
import { json } from "@/lib/http/request";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** POST — sends `alert.test` now and answers the delivery with its attempt; admins and owners. */
export const POST = withMemberProject<{ projectId: string; channelId: string }>({ permission: "manageChannels" }, async ({ db, project, params }) => {
  return json(await sendTest(db, { project, channelId: params.channelId }));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
