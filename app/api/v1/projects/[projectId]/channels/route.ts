import { createChannel, listChannels } from "@/lib/notify/channels";
import { json } from "@/lib/http/request";
import { readJsonBodyCapped } from "@/lib/http/body";
import { withMemberProject, withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET — the project's channels, without secrets; anyone who may read the project. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ db, project }) => {
  return json({ data: await listChannels(db, project.id), nextCursor: null });
});

/** POST — a webhook, Slack or e-mail channel; admins and owners. A webhook's signing secret is in this answer only. */
export const POST = withMemberProject({ permission: "manageChannels" }, async ({ request, db, project, actor }) => {
  const body = await readJsonBodyCapped(request, { maxBytes: 64 * 1024 });
  const { channel, secret } = await createChannel(db, { project, actor, body });
  return json(secret ? { ...channel, secret } : channel, { status: 201, headers: { "Cache-Control": "no-store" } });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
