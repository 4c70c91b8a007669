import { createApiKey, createApiKeyInput, listApiKeys } from "@/lib/api-keys/api-keys";
import { json, parseJsonBody } from "@/lib/http/request";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** Keys are managed by people, never by other keys. */
export const GET = withMemberProject({ permission: "read" }, async ({ db, project }) => {
  return json({ data: await listApiKeys(db, project.id), nextCursor: null });
});

export const POST = withMemberProject({ permission: "manageKeys" }, async ({ request, db, project, actor }) => {
  const input = await parseJsonBody(request, createApiKeyInput);
  const { key, apiKey } = await createApiKey(db, { project, actor, input });
  // The only time the full key leaves the server.
  return json({ ...apiKey, key }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
