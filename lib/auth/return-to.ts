/** Where a sign-in may send the user afterwards. */

// Any origin will do: only whether a value stays on it matters.
const HERE = "http://vigil.invalid";

/**
 * The same-site path of a `callbackUrl`, or "/". An open redirect after sign-in is a
 * phishing aid, and "starts with /" is not a test for same-site: browsers read `//evil`,
 * `/\evil` and `/<tab>/evil` (tabs and newlines are dropped) as another host. So the
 * value is resolved exactly as a browser would resolve it against our origin, and kept
 * only if it stays there. Absolute URLs are refused even to our own host: pages never
 * produce them, and the public origin behind a proxy is not knowable here.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return "/";
  }
  if (url.origin !== HERE) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
