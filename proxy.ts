import { NextResponse, type NextRequest } from "next/server";
import { getRateLimiter } from "@/lib/ratelimit";
import { limitRequest } from "@/lib/ratelimit/request-limits";

/**
 * Runs before every matched route (Next 16's name for middleware, on the Node runtime):
 * applies API.md's rate limits so that a flood is refused before any route does work.
 */
export async function proxy(request: NextRequest) {
  const outcome = await limitRequest(request, getRateLimiter());
  if (outcome.limited) return outcome.response;
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(outcome.headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/api/v1/:path*", "/api/:projectId/envelope/", "/api/auth/callback/credentials", "/sign-in", "/sign-up"],
};
