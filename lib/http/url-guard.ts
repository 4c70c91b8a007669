import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/text";
import { ValidationError, type FieldError } from "@/lib/errors";

/**
 * Refuses a URL no route can serve sensibly, before any route sees it: a path segment
 * that is not valid percent-encoded UTF-8 (Next would answer a text/plain 500), and a
 * path segment, query name or value holding U+0000 (PostgreSQL refuses it in any
 * query). Percent-decoding never yields a lone surrogate: invalid sequences either throw
 * (path) or become U+FFFD (query), which is stored fine.
 */
export function assertReadableUrl(url: URL): void {
  const errors: FieldError[] = [];
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      errors.push({ pointer: "path", message: `Path segment "${segment.slice(0, 100)}" is not valid percent-encoded UTF-8` });
      break;
    }
    if (!isStorableText(decoded)) {
      errors.push({ pointer: "path", message: UNSTORABLE_TEXT_MESSAGE });
      break;
    }
  }
  for (const [name, value] of url.searchParams) {
    if (!isStorableText(name)) errors.push({ pointer: "query", message: `A parameter name: ${UNSTORABLE_TEXT_MESSAGE}` });
    else if (!isStorableText(value)) errors.push({ pointer: `query.${name}`, message: UNSTORABLE_TEXT_MESSAGE });
  }
  if (errors.length) throw new ValidationError(errors, "The URL holds characters that cannot be processed.");
}

/** A host and optional port as HTTP carries them: a DNS name, an IPv4 address or a bracketed IPv6 address. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/;
const PROTO = /^https?$/i;

/**
 * Refuses a request whose origin cannot be written as a URL: a `Host` or `X-Forwarded-Host`
 * that is not a host[:port], an `X-Forwarded-Proto` other than http or https. Auth.js,
 * invitation links and Next's redirects build absolute URLs on them (lib/app-url.ts), and
 * such values made those throw — a 500 for whoever sent them. Each must be one value: the
 * URL builders (Auth.js's among them) take the header whole, so a comma-separated list
 * cannot form a URL either.
 */
export function assertReadableOrigin(headers: Headers): void {
  const errors: FieldError[] = [];
  const check = (name: string, pattern: RegExp, expected: string) => {
    const value = headers.get(name);
    if (value === null) return;
    if (!pattern.test(value)) {
      errors.push({ pointer: `header.${name}`, message: `Expected ${expected}, got "${value.slice(0, 100)}"` });
    }
  };
  check("host", HOST, "host[:port]");
  check("x-forwarded-host", HOST, "host[:port]");
  check("x-forwarded-proto", PROTO, "http or https");
  if (errors.length) throw new ValidationError(errors, "The request's host or protocol headers cannot form a URL.");
}
