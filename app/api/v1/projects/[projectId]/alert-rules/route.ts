import { createRule, listRules } from "@/lib/alerts/rules";
import { json } from "@/lib/http/request";
import { readJsonBodyCapped } from "@/lib/http/body";
import { withMemberProject, withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/** GET — the project's rules with their current state; viewers and read keys. */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ db, project }) => {
  return json({ data: await listRules(db, project.id), nextCursor: null });
});

/** POST — a new rule (API.md "Alert rules"); members and above. */
export const POST = withMemberProject({ permission: "triage" }, async ({ request, db, project, actor }) => {
  const body = await readJsonBodyCapped(request, { maxBytes: 64 * 1024 });
  return json(await createRule(db, { project, actor, body }), { status: 201 });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
