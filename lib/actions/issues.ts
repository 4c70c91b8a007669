"use server";

import { revalidatePath } from "next/cache";
import { updateIssueInput, updateIssueStatus } from "@/lib/analytics/issues";
import { runAction, type ActionState } from "@/lib/actions/action-result";
import { projectForAction } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { assertCan } from "@/lib/tenancy/permissions";

/** The Errors pages' resolve / ignore / reopen: the same rule as PATCH /issues/{id}. */
export async function setIssueStatusAction(orgSlug: string, projectSlug: string, issueId: string, _prev: ActionState<void>, form: FormData) {
  return runAction(async () => {
    const { project, role } = await projectForAction(orgSlug, projectSlug);
    assertCan(role, "triage");
    const { status } = updateIssueInput.parse({ status: form.get("status") });
    await updateIssueStatus(await getDb(), project.id, issueId, status);
    revalidatePath(`/${orgSlug}/${projectSlug}/errors`, "layout");
  });
}
