import { NextResponse, type NextRequest } from "next/server";
import { ForbiddenError } from "@/lib/errors";
import { MethodNotAllowedError, problemResponse } from "@/lib/http/errors";
import { hasSameOrigin } from "@/lib/http/same-origin";
import { FAST_ROUTES } from "@/lib/http/fast-routes";
import { securityHeaders } from "@/lib/http/security-headers";
import { assertReadableOrigin, assertReadableUrl } from "@/lib/http/url-guard";
import { getRateLimiter } from "@/lib/ratelimit";
import { limitRequest } from "@/lib/http/request-limits";

/**
 * Runs before every route Next serves (Next 16's name for middleware, on the Node
 * runtime): refuses methods, URLs and host headers no route can read and server actions
 * from other origins, applies API.md's rate limits so that a flood is refused before any
 * route does work, and adds the security headers to every answer.
 */
export async function proxy(request: NextRequest) {
  const response = await decide(request);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

/** The methods Next serves; it answers any other (TRACE, PROPFIND, …) with a text/plain 500. */
const SERVED_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

async function decide(request: NextRequest): Promise<Response> {
  if (!SERVED_METHODS.includes(request.method)) return problemResponse(new MethodNotAllowedError(SERVED_METHODS));
  try {
    assertReadableUrl(new URL(request.url));
    assertReadableOrigin(request.headers);
  } catch (err) {
    return problemResponse(err);
  }
  // A server action (a POST carrying Next-Action) from a foreign Origin: Next refuses it too,
  // but with a 500 (and `Origin: null` or a non-URL makes it throw). Same rule, answered 403.
  // Without an Origin (old browsers, scripts) Next decides, as for any other form post.
  if (request.method === "POST" && request.headers.has("next-action") && request.headers.has("origin") && !hasSameOrigin(request.headers)) {
    return problemResponse(new ForbiddenError("Cross-origin request refused."));
  }
  const redirect = trailingSlashRedirect(request);
  if (redirect) return redirect;
  const outcome = await limitRequest(request, getRateLimiter());
  if (outcome.limited) return outcome.response;
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(outcome.headers)) response.headers.set(name, value);
  return response;
}

/**
 * Next's own trailing-slash redirect is off (next.config.mjs: `skipTrailingSlashRedirect`)
 * because Sentry SDKs post to `/api/{ref}/envelope/` and do not follow a 308. Every other
 * path is redirected here as Next would: the fast ingest routes answer either form.
 */
function trailingSlashRedirect(request: NextRequest): Response | null {
  // A plain URL: NextURL keeps the slash it was parsed with when formatting the target.
  const url = new URL(request.url);
  if (url.pathname.length <= 1 || !url.pathname.endsWith("/")) return null;
  if (FAST_ROUTES.some((route) => route.pattern.test(url.pathname))) return null;
  url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return NextResponse.redirect(url, 308);
}

export const config = {
  // Everything but the build's immutable assets.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
