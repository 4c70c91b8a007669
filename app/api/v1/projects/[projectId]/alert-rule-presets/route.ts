import { PRESETS } from "@/lib/alerts/presets";
import { json } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET — the recommended rules, each a body for POST /alert-rules. */
export const GET = withProject({ permission: "read", scope: "read" }, async () => {
  return json({ data: PRESETS });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
