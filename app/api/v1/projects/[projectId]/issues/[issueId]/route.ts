import { getIssue, updateIssueInput, updateIssueStatus } from "@/lib/analytics/issues";
import { json, parseJsonBody } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

type Params = { projectId: string; issueId: string };

/** GET — the group with its latest events, stack traces and tag breakdown. */
export const GET = withProject<Params>({ permission: "read", scope: "read" }, async ({ db, project, params }) => {
  return json(await getIssue(db, project.id, params.issueId));
});

/** PATCH { status: resolved | ignored | unresolved } — members and above, or a read key. */
export const PATCH = withProject<Params>({ permission: "triage", scope: "read" }, async ({ request, db, project, params }) => {
  const { status } = await parseJsonBody(request, updateIssueInput);
  return json(await updateIssueStatus(db, project.id, params.issueId, status));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, DELETE, OPTIONS } = otherMethods("GET", "PATCH");
