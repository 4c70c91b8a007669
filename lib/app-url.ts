import { env } from "@/lib/env";

/** The app's public origin: APP_URL when configured, else what the request was sent to. */
export function appOrigin(headers: Headers): string {
  if (env.APP_URL) return env.APP_URL.replace(/\/$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0]}://${host}`;
}
