/**
 * Whether a request's `Origin` names the host it was sent to (`X-Forwarded-Host` or `Host`):
 * the CSRF rule for cookie-authenticated mutations, for the API's routes (route.ts) and for
 * server actions (proxy.ts). `Origin: null` (sandboxed frames, some redirects) and values
 * that are not URLs never match.
 */
export function hasSameOrigin(headers: Headers): boolean {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  return host !== null && host !== "" && originHost(headers.get("origin")) === host;
}

function originHost(origin: string | null): string | null {
  if (!origin || origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
