import { acceptOtlpExport } from "@/lib/ingest/otlp";
import { encodeOtlpStatus, type OtlpEncoding, type OtlpSignal } from "@/lib/ingest/formats/otlp";
import { readBodyBytes } from "./body";
import { bearerCredential, vigilKeyHeaderCredential } from "./credentials";
import { UnsupportedMediaTypeError } from "./errors";
import { withIngestKey } from "./route";

/**
 * POST /api/v1/otlp/v1/traces and /api/v1/otlp/v1/logs — OTLP/HTTP exporters in (API.md,
 * "Compatibility ingest"). Answers follow the OTLP/HTTP specification: 200 with the
 * Export…ServiceResponse in the request's encoding once the batch committed; errors keep
 * their HTTP status and headers (Retry-After on 429/503, which exporters honour), with a
 * problem+json body for JSON requests and a protobuf google.rpc.Status for protobuf ones.
 */

const ACCEPTED_TYPES = "application/json, application/x-protobuf";

/** The encoding a Content-Type names, or null for any other media type. */
function encodingOf(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";", 1)[0].trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  return null;
}

/** google.rpc.Code for an HTTP status, as the OTLP/HTTP specification pairs them. */
function rpcCode(status: number): number {
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 404) return 5; // NOT_FOUND
  if (status === 429) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  if (status >= 500) return 13; // INTERNAL
  return 3; // INVALID_ARGUMENT: 400, 413, 415
}

function otlpEndpoint(signal: OtlpSignal) {
  const guarded = withIngestKey({ scope: "ingest", credentials: [bearerCredential, vigilKeyHeaderCredential] }, async ({ request, db, key }) => {
    const encoding = encodingOf(request.headers.get("content-type"));
    if (encoding === null) {
      throw new UnsupportedMediaTypeError(`Send OTLP as ${ACCEPTED_TYPES}.`, { "Accept-Post": ACCEPTED_TYPES });
    }
    const bytes = await readBodyBytes(request);
    const answer = await acceptOtlpExport(db, key.projectId, signal, encoding, bytes);
    return new Response(answer.body as BodyInit, { status: 200, headers: { "Content-Type": answer.contentType } });
  });
  return async (request: Request): Promise<Response> => {
    const response = await guarded(request, undefined);
    if (response.ok || encodingOf(request.headers.get("content-type")) !== "protobuf") return response;
    // A protobuf exporter reads a protobuf Status; the problem's detail becomes its message.
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    const headers = new Headers(response.headers);
    headers.set("Content-Type", "application/x-protobuf");
    return new Response(encodeOtlpStatus(rpcCode(response.status), problem.detail ?? response.statusText) as BodyInit, { status: response.status, headers });
  };
}

export const otlpTracesEndpoint = otlpEndpoint("traces");
export const otlpLogsEndpoint = otlpEndpoint("logs");
