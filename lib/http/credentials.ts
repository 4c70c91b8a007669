import { UnauthorizedError } from "@/lib/errors";

/**
 * Where a machine caller's secret travels, one extractor per way. Each answers the token,
 * or null when the request does not use its way; a header that is there but malformed is
 * a 401, not a guess at which part was meant. Ingest formats add their own ways (Sentry's
 * `sentry_key`, OTLP exporters' headers) next to Bearer.
 */
export type CredentialExtractor = (request: Request) => string | null;

const BEARER = /^bearer +([^\s]+) *$/i;

/** `Authorization: Bearer <token>` — exactly one token. */
export const bearerCredential: CredentialExtractor = (request) => {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = BEARER.exec(header);
  if (!match) throw new UnauthorizedError("Use `Authorization: Bearer <api key>`.");
  return match[1];
};

const SENTRY_AUTH_KEY = /(?:^|[\s,])sentry_key\s*=\s*([^\s,]+)/i;

/**
 * Sentry SDKs' public DSN key: `X-Sentry-Auth: Sentry sentry_key=<key>, …` or the
 * `?sentry_key=` query parameter (what the JavaScript SDKs send). Only the Sentry
 * endpoints accept it.
 */
export const sentryKeyCredential: CredentialExtractor = (request) => {
  const header = request.headers.get("x-sentry-auth");
  if (header !== null) {
    const match = SENTRY_AUTH_KEY.exec(header);
    if (!match) throw new UnauthorizedError("Use `X-Sentry-Auth: Sentry sentry_key=<public key>`.");
    return match[1];
  }
  return new URL(request.url).searchParams.get("sentry_key");
};

/** The first credential any extractor finds, or null. */
export function credentialOf(request: Request, extractors: CredentialExtractor[]): string | null {
  for (const extract of extractors) {
    const token = extract(request);
    if (token !== null) return token;
  }
  return null;
}

/**
 * Whose budget a request draws on: its credential when one is there, well-formed or not
 * (a malformed one is refused by the guard after the limit; here only who pays matters).
 */
export function budgetCredential(request: Request, extractors: CredentialExtractor[]): string | null {
  try {
    return credentialOf(request, extractors);
  } catch {
    const header = request.headers.get("authorization") ?? "";
    return header.trim() === "" ? null : header;
  }
}

/**
 * `x-vigil-key: <token>` — for clients that can add a header but not an Authorization
 * scheme (OTLP exporters configured through OTEL_EXPORTER_OTLP_HEADERS, collectors' headers
 * settings). One token, nothing around it.
 */
export const vigilKeyHeaderCredential: CredentialExtractor = (request) => {
  const header = request.headers.get("x-vigil-key");
  if (header === null) return null;
  const token = header.trim();
  if (token === "" || /\s/.test(token)) throw new UnauthorizedError("Send the API key alone in `x-vigil-key`.");
  return token;
};
