import { firingSummary } from "@/lib/alerts/incidents";
import { json } from "@/lib/http/request";
import { withProject } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

/**
 * GET — what is firing in the project now: `{ firing, worst, incidents }` (the count, the
 * worst severity of all of them, the first five worst first). The Overview's banner reads it.
 */
export const GET = withProject({ permission: "read", scope: "read" }, async ({ db, project }) => {
  return json(await firingSummary(db, project.id));
});

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
