import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { withMemberProject } from "@/lib/http/route";

export const DELETE = withMemberProject<{ projectId: string; keyId: string }>(
  { permission: "manageKeys" },
  async ({ db, project, actor, params }) => {
    await revokeApiKey(db, { project, keyId: params.keyId, actor });
    return new Response(null, { status: 204 });
  },
);
