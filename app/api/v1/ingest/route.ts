import { ingestEndpoint } from "@/lib/ingest/endpoint";

/** POST /api/v1/ingest — see lib/ingest/endpoint.ts. */
export const POST = ingestEndpoint;
