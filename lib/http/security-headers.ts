import { env } from "@/lib/env";
import { processSlot } from "@/lib/process-state";

/**
 * Headers on every answer, pages and API alike (proxy.ts for what Next serves, the native
 * routes for what the Node server answers itself).
 *
 * The CSP's job here is mostly `frame-ancestors 'none'` (no clickjacking of Revoke and
 * Delete buttons) and keeping the page to its own origin. Scripts keep 'unsafe-inline':
 * Next's App Router streams its payload in inline scripts, and nonces would force every
 * page to render dynamically. Telemetry shown on pages is rendered as text by React, never
 * as markup.
 */
function contentSecurityPolicy(): string {
  const dev = env.NODE_ENV === "development";
  const sentry = env.NEXT_PUBLIC_SENTRY_DSN ? originOf(env.NEXT_PUBLIC_SENTRY_DSN) : null;
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for next dev's React refresh.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    // Tremor's charts set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com",
    "font-src 'self' data:",
    `connect-src 'self'${sentry ? ` ${sentry}` : ""}${dev ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in with GitHub leaves through a form post that redirects to github.com.
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

let cached: Record<string, string> | undefined;

export function securityHeaders(): Record<string, string> {
  if (cached) return cached;
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
  // Only when the operator says the public URL is https: on plain http (localhost, a LAN
  // box) the header would be ignored at best and lock users out of a later http setup at worst.
  if (env.APP_URL?.startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  cached = headers;
  return headers;
}

/**
 * Where instrumentation.ts leaves `securityHeaders` for the front door of scripts/serve.mjs
 * (plain JavaScript outside Next's bundles), whose own refusals — a request target that is
 * not a path, a method Next cannot serve — carry the same headers as every other answer.
 */
export const securityHeadersSlot = processSlot<typeof securityHeaders>("security-headers");
