import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { appOrigin } from "@/lib/app-url";
import { otherMethods } from "@/lib/http/methods";

/**
 * Auth.js builds its absolute URLs (redirects, OAuth callback URLs) from the request's
 * URL, and behind `npm start` that is the address the server listens on
 * (`http://0.0.0.0:3000`), not the one the browser used. So the request is re-addressed
 * to the public origin first: APP_URL when set, else the Host it was sent to.
 */
function onPublicOrigin(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    const url = new URL(request.url);
    const publicUrl = new URL(`${url.pathname}${url.search}`, appOrigin(request.headers));
    return handler(new NextRequest(publicUrl, request));
  };
}

export const GET = onPublicOrigin(handlers.GET);
export const POST = onPublicOrigin(handlers.POST);

/** Other methods: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
