import { NextRequest } from "next/server";
import { handlers, providerIds } from "@/lib/auth/auth";
import { NotFoundError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/errors";
import { appOrigin } from "@/lib/app-url";
import { otherMethods } from "@/lib/http/methods";

/**
 * Auth.js builds its absolute URLs (redirects, OAuth callback URLs) from the request's
 * URL, and behind `npm start` that is the address the server listens on
 * (`http://0.0.0.0:3000`), not the one the browser used. So the request is re-addressed
 * to the public origin first: APP_URL when set, else the Host it was sent to.
 */
function onPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest) => {
    const url = new URL(request.url);
    // A provider that is not configured: Auth.js would throw and redirect to its error page.
    const provider = /^\/api\/auth\/(?:signin|callback)\/([^/]+)/.exec(url.pathname)?.[1];
    if (provider !== undefined && !providerIds.includes(provider)) return problemResponse(new NotFoundError("sign-in provider"));
    const publicUrl = new URL(`${url.pathname}${url.search}`, appOrigin(request.headers));
    return handler(new NextRequest(publicUrl, request));
  };
}

export const GET = onPublicOrigin(handlers.GET);
export const POST = onPublicOrigin(handlers.POST);

/** Other methods: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
