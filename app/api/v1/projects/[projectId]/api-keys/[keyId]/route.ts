import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { withMemberProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const DELETE = withMemberProject<{ projectId: string; keyId: string }>(
  { permission: "manageKeys" },
  async ({ db, project, actor, params }) => {
    await revokeApiKey(db, { project, keyId: params.keyId, actor });
    return new Response(null, { status: 204 });
  },
);

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
