import { z } from "zod";
import { listInbox, unreadCount } from "@/lib/alerts/inbox";
import { paginationQuery } from "@/lib/pagination";
import { json, parseQuery } from "@/lib/http/request";
import { withUser } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const query = paginationQuery.extend({ unread: z.enum(["true", "false"]).optional() });

/** GET — the signed-in user's notifications across their organizations' projects, newest first. */
export const GET = withUser(async ({ request, db, user }) => {
  const q = parseQuery(request, query);
  const [page, unread] = [await listInbox(db, user.userId, { ...q, unread: q.unread === "true" }), await unreadCount(db, user.userId)];
  return json({ ...page, unread }, { headers: { "Cache-Control": "no-store" } });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
