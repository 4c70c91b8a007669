import { rotateSecret } from "@/lib/notify/channels";
import { json } from "@/lib/http/request";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** POST — a new signing secret, in this answer only; the former one keeps signing for 24 h. */
export const POST = withMemberProject<{ projectId: string; channelId: string }>({ permission: "manageChannels" }, async ({ db, project, actor, params }) => {
  const { channel, secret } = await rotateSecret(db, { project, actor, channelId: params.channelId });
  return json({ ...channel, secret }, { headers: { "Cache-Control": "no-store" } });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
