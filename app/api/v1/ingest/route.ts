import { ingestEndpoint } from "@/lib/http/ingest-endpoint";
import { otherMethods } from "@/lib/http/methods";

/** POST /api/v1/ingest — see lib/ingest/endpoint.ts. */
export const POST = ingestEndpoint;

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
