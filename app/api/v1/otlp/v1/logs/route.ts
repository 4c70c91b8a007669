import { otlpLogsEndpoint } from "@/lib/http/otlp-endpoint";
import { otherMethods } from "@/lib/http/methods";

/** POST /api/v1/otlp/v1/logs — OTLP/HTTP logs export; see lib/http/otlp-endpoint.ts. */
export const POST = otlpLogsEndpoint;

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
