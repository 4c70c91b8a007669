import { readJsonBodyCapped } from "./body";
import { withIngestKey } from "./route";
import { ingestBatch } from "@/lib/ingest/ingest";

/**
 * POST /api/v1/ingest — telemetry in, 202 once committed (API.md, "Ingest"). Served by the
 * route of the same path under `next dev` and serverless hosts, and by the Node server of
 * `npm start` before Next sees the request (lib/http/native-routes.ts).
 */
export const ingestEndpoint = withIngestKey({ scope: "ingest" }, async ({ request, db, key }) => {
  const body = await readJsonBodyCapped(request);
  const result = await ingestBatch(db, key.projectId, body);
  return Response.json(result, { status: 202 });
});
