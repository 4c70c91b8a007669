import { z } from "zod";
import { getInbox } from "@/lib/alerts/inbox";
import { paginationQuery } from "@/lib/pagination";
import { json, parseQuery } from "@/lib/http/request";
import { withUser } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const query = paginationQuery.extend({ unread: z.enum(["true", "false"]).optional() });

/** GET — the signed-in user's notifications across their organizations' projects, newest first. */
export const GET = withUser(async ({ request, db, user }) => {
  const q = parseQuery(request, query);
  return json(await getInbox(db, user.userId, { ...q, unread: q.unread === "true" }), { headers: { "Cache-Control": "no-store" } });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
