import { listDeliveries } from "@/lib/notify/deliveries";
import { paginationQuery } from "@/lib/pagination";
import { json, parseQuery } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET — the channel's deliveries, newest first, each with its attempts. */
export const GET = withProject<{ projectId: string; channelId: string }>({ permission: "read", scope: "read" }, async ({ request, db, project, params }) => {
  return json(await listDeliveries(db, project.id, params.channelId, parseQuery(request, paginationQuery)));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
