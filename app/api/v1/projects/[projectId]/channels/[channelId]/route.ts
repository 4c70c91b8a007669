import { channelRow, channelView, deleteChannel, updateChannel } from "@/lib/notify/channels";
import { json } from "@/lib/http/request";
import { readJsonBodyCapped } from "@/lib/http/body";
import { withMemberProject, withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

type Params = { projectId: string; channelId: string };

export const GET = withProject<Params>({ permission: "read", scope: "read" }, async ({ db, project, params }) => {
  return json(channelView(await channelRow(db, project.id, params.channelId)));
});

/** PATCH { name?, enabled?, url?, recipients? } — admins and owners. */
export const PATCH = withMemberProject<Params>({ permission: "manageChannels" }, async ({ request, db, project, actor, params }) => {
  const body = await readJsonBodyCapped(request, { maxBytes: 64 * 1024 });
  return json(await updateChannel(db, { project, actor, channelId: params.channelId, body }));
});

/** DELETE — the channel and its delivery log; rules stop naming it. Not the inbox (409). */
export const DELETE = withMemberProject<Params>({ permission: "manageChannels" }, async ({ db, project, actor, params }) => {
  await deleteChannel(db, { project, actor, channelId: params.channelId });
  return new Response(null, { status: 204 });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
