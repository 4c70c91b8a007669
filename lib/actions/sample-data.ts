"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions/action-result";
import { projectForAction } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { loadSampleDataAsMember, type SampleDataSummary } from "@/lib/sample-data/load";

/**
 * "Load sample data" on an empty project: a generated week of telemetry through the real
 * ingest path. Admins and owners only (it changes what the whole team sees); refused once
 * the project has telemetry of its own.
 */
export async function loadSampleDataAction(orgSlug: string, projectSlug: string, _prev: ActionState<SampleDataSummary>): Promise<ActionState<SampleDataSummary>> {
  return runAction(async () => {
    const access = await projectForAction(orgSlug, projectSlug);
    const summary = await loadSampleDataAsMember(await getDb(), access);
    log.info("sample data loaded", { projectId: access.project.id, userId: access.user.userId, accepted: summary.accepted });
    // Every section of the project now has data instead of its empty state.
    revalidatePath(`/${orgSlug}/${projectSlug}`, "layout");
    return summary;
  }, { message: "Sample data loaded." });
}
