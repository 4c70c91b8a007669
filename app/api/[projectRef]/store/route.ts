import { otherMethods } from "@/lib/http/methods";
import { sentryStoreEndpoint, sentryPreflight } from "@/lib/http/sentry-endpoint";

/** POST /api/{projectRef}/store/ — Sentry SDKs' door; see lib/http/sentry-endpoint.ts. */
export const POST = sentryStoreEndpoint;
export const OPTIONS = sentryPreflight;

/** Other methods: 405 problem+json with `Allow`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
