import { getToken } from "next-auth/jwt";
import { getSecrets } from "@/lib/secrets";

/** A signed-in person, as the session token names them. */
export interface SessionUser {
  kind: "user";
  userId: string;
  email: string | null;
}

const SECURE_COOKIE = "__Secure-authjs.session-token";

/**
 * Reads the Auth.js session cookie from request headers (no `next/headers`, so route
 * handlers, the proxy and tests share it). Any Authorization header is ignored here:
 * bearer credentials are API keys, resolved elsewhere.
 */
export async function readSessionUser(headers: Headers): Promise<SessionUser | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !cookie.includes("authjs.session-token")) return null;
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret: getSecrets().authSecret,
    secureCookie: cookie.includes(SECURE_COOKIE),
  });
  if (!token?.sub) return null;
  return { kind: "user", userId: token.sub, email: typeof token.email === "string" ? token.email : null };
}
