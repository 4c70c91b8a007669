import { previewRule } from "@/lib/alerts/preview";
import { json } from "@/lib/http/request";
import { readJsonBodyCapped } from "@/lib/http/body";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** POST { rule, range } — the rule replayed over past minutes; stores nothing, so readers may too. */
export const POST = withProject({ permission: "read", scope: "read" }, async ({ request, db, project }) => {
  const body = await readJsonBodyCapped(request, { maxBytes: 64 * 1024 });
  return json(await previewRule(db, project.id, body));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
