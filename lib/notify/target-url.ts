import { ValidationError } from "@/lib/errors";
import { UNSTORABLE_TEXT_MESSAGE, isStorableText } from "@/lib/text";
import { type AddressPolicy, addressPolicy, addressRefusal } from "./address-policy";

/**
 * The URL a tenant gives a webhook or Slack channel, checked when it is saved, so the form
 * can say what is wrong before anything is sent. Named hosts pass here and are checked on
 * the address they resolve to each time a notification connects (safe-fetch.ts), since a
 * name's answer can change after saving; IP literals and `localhost` are refused now.
 */

export const MAX_TARGET_URL_LENGTH = 2048;

const ALLOW_PRIVATE_HINT = "notifications go to public addresses only (an operator can allow private ranges with NOTIFY_ALLOW_PRIVATE)";

export type TargetUrlInspection =
  | { ok: true; url: URL }
  /** `refusedAddress`: the URL is well formed but names an address the policy refuses. */
  | { ok: false; problem: string; refusedAddress: boolean };

/**
 * Every check of a target URL, with the reason in words. safe-fetch.ts runs it again
 * before each send (a URL saved under another policy, or by older code, gets no pass).
 */
export function inspectTargetUrl(raw: string, policy: AddressPolicy = addressPolicy()): TargetUrlInspection {
  const invalid = (problem: string): TargetUrlInspection => ({ ok: false, problem, refusedAddress: false });
  const refused = (problem: string): TargetUrlInspection => ({ ok: false, problem, refusedAddress: true });

  if (raw.trim() === "") return invalid("Enter the URL to send notifications to");
  if (raw.length > MAX_TARGET_URL_LENGTH) return invalid(`The URL is longer than ${MAX_TARGET_URL_LENGTH} characters`);
  if (!isStorableText(raw)) return invalid(UNSTORABLE_TEXT_MESSAGE);
  // The URL parser silently drops tabs and newlines anywhere and spaces at the ends: what
  // is saved, shown and checked must be what is requested.
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return invalid("The URL must not contain spaces or control characters");

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  // "example.com:8080/hook" has no scheme; "ftp://…", "file:…" and "javascript:…" do.
  const hostAndPort = scheme !== undefined && (scheme.includes(".") || /^[^:]*:\d/.test(raw));
  if (scheme !== undefined && scheme !== "http" && scheme !== "https" && !hostAndPort) {
    return invalid(`"${scheme}:" URLs cannot receive notifications: use https:// (or http://)`);
  }
  // "http:example.com" and "http:\\example.com" parse as http://example.com; ask for the plain form.
  const afterScheme = /^https?:\/\//i.exec(raw);
  if (!afterScheme) return invalid("Not a URL: it must start with https:// (or http://)");

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid("Not a valid URL");
  }

  // The authority as typed. It ends where the URL parser ends it for http(s): at / ? # or \.
  const authority = raw.slice(afterScheme[0].length).split(/[/?#\\]/, 1)[0];
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return invalid("The URL must not contain a user name or password (user:password@)");
  }
  const typedHost = authority.startsWith("[") ? authority.slice(0, authority.indexOf("]") + 1) : authority.split(":", 1)[0];
  if (typedHost === "") return invalid("The URL has no host name");

  const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const host = url.hostname;
  if (host.startsWith("[")) {
    const refusal = addressRefusal(host.slice(1, -1), port, policy);
    return refusal === null ? { ok: true, url } : refused(`${refusal}: ${ALLOW_PRIVATE_HINT}`);
  }
  // The URL parser turns every spelling of an IPv4 address (2130706433, 0x7f.1, 0177.0.0.1,
  // 127.1, 127.0.0.1., %31%32%37.0.0.1, full-width digits) into a dotted quad. Only the
  // plain dotted quad is accepted: other spellings exist to slip past filters.
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    if (typedHost.toLowerCase() !== host) {
      return invalid(`"${typedHost}" is an unusual way to write the IP address ${host}: write it as four decimal numbers`);
    }
    const refusal = addressRefusal(host, port, policy);
    return refusal === null ? { ok: true, url } : refused(`${refusal}: ${ALLOW_PRIVATE_HINT}`);
  }
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name === "localhost" || name.endsWith(".localhost")) {
    // RFC 6761: localhost names always mean this machine, whatever DNS would say. Even
    // where loopback is allowed, the address is clearer: localhost is 127.0.0.1 on one
    // machine and ::1 (or both) on the next.
    const allowedLoopback = ["127.0.0.1", "::1"].find((ip) => addressRefusal(ip, port, policy) === null);
    if (allowedLoopback !== undefined) {
      const written = allowedLoopback.includes(":") ? `[${allowedLoopback}]` : allowedLoopback;
      return refused(`${host} means this server: write its address, ${written}, which NOTIFY_ALLOW_PRIVATE allows`);
    }
    return refused(`${host} is this server itself: ${ALLOW_PRIVATE_HINT}`);
  }
  return { ok: true, url };
}

/** Why `raw` cannot be a notification target (a sentence for the form), or null when it can be saved. */
export function targetUrlProblem(raw: string, policy: AddressPolicy = addressPolicy()): string | null {
  const inspection = inspectTargetUrl(raw, policy);
  return inspection.ok ? null : inspection.problem;
}

/**
 * The parsed URL when `raw` can be saved as a notification target; otherwise a
 * ValidationError saying why, its field error at `pointer` (the URL's place in the input).
 * Store `url.href`, the normalised form safe-fetch.ts will request.
 */
export function checkTargetUrl(raw: string, pointer = "/url", policy: AddressPolicy = addressPolicy()): URL {
  const inspection = inspectTargetUrl(raw, policy);
  if (!inspection.ok) throw new ValidationError([{ pointer, message: inspection.problem }], inspection.problem);
  return inspection.url;
}
