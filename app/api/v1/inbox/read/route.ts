import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/text";
import { markRead, unreadCount } from "@/lib/alerts/inbox";
import { json, parseJsonBody } from "@/lib/http/request";
import { withUser } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const body = z.union([z.object({ ids: z.array(z.string().max(64).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)).min(1).max(500) }).strict(), z.object({ all: z.literal(true) }).strict()]);

/** POST { ids } or { all: true } — marks notifications read for the signed-in user. */
export const POST = withUser(async ({ request, db, user }) => {
  const target = await parseJsonBody(request, body);
  const { marked } = await markRead(db, user.userId, target);
  return json({ marked, unread: await unreadCount(db, user.userId) });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
