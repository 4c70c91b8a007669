import { deleteRule, getRule, updateRule } from "@/lib/alerts/rules";
import { json } from "@/lib/http/request";
import { readJsonBodyCapped } from "@/lib/http/body";
import { withMemberProject, withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

type Params = { projectId: string; ruleId: string };

export const GET = withProject<Params>({ permission: "read", scope: "read" }, async ({ db, project, params }) => {
  return json(await getRule(db, project.id, params.ruleId));
});

/** PATCH — any fields of the rule; the result is validated whole. Members and above. */
export const PATCH = withMemberProject<Params>({ permission: "triage" }, async ({ request, db, project, actor, params }) => {
  const body = await readJsonBodyCapped(request, { maxBytes: 64 * 1024 });
  return json(await updateRule(db, { project, actor, ruleId: params.ruleId, body }));
});

/** DELETE — the rule goes; its incidents stay readable. */
export const DELETE = withMemberProject<Params>({ permission: "triage" }, async ({ db, project, actor, params }) => {
  await deleteRule(db, { project, actor, ruleId: params.ruleId });
  return new Response(null, { status: 204 });
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
