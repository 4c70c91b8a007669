import { readJsonBodyCapped } from "@/lib/http/body";
import { withApiKey } from "@/lib/http/route";
import { ingestBatch } from "@/lib/ingest/ingest";

/** POST /api/v1/ingest — telemetry in, 202 once committed (API.md, "Ingest"). */
export const POST = withApiKey({ scope: "ingest" }, async ({ request, db, key }) => {
  const body = await readJsonBodyCapped(request);
  const result = await ingestBatch(db, key.projectId, body);
  return Response.json(result, { status: 202 });
});
