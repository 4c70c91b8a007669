import { otherMethods } from "@/lib/http/methods";
import { sentryEnvelopeEndpoint, sentryPreflight } from "@/lib/http/sentry-endpoint";

/** POST /api/{projectRef}/envelope/ — Sentry SDKs' door; see lib/http/sentry-endpoint.ts. */
export const POST = sentryEnvelopeEndpoint;
export const OPTIONS = sentryPreflight;

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
