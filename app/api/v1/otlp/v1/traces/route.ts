import { otlpTracesEndpoint } from "@/lib/http/otlp-endpoint";
import { otherMethods } from "@/lib/http/methods";

/** POST /api/v1/otlp/v1/traces — OTLP/HTTP traces export; see lib/http/otlp-endpoint.ts. */
export const POST = otlpTracesEndpoint;

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
