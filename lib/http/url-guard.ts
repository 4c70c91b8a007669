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
