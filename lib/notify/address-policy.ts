import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { type AllowedRange, env, parseNotifyAllowPrivate } from "@/lib/env";

/**
 * Which addresses notifications may be sent to. A tenant types the URL, so without this
 * check a webhook could reach the cloud metadata service, the database next to the app, or
 * the app itself. Public unicast addresses are allowed; every special-purpose range is
 * refused unless the operator allows it with NOTIFY_ALLOW_PRIVATE (self-hosting on a
 * private network). The decision is made on the address actually connected to
 * (lib/notify/safe-fetch.ts), and again on IP literals when a URL is saved
 * (lib/notify/target-url.ts).
 */

export interface AddressPolicy {
  /** The operator's allowed ranges (NOTIFY_ALLOW_PRIVATE), parsed. */
  readonly allowed: readonly AllowedRange[];
}

/** The ranges in words, for the messages a tenant reads. Names are ipaddr.js's range() names. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (where cloud metadata services answer)",
  loopback: "a loopback address (this server itself)",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  private: "a private network address",
  uniqueLocal: "a unique-local IPv6 address (a private network)",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  reserved: "a reserved address",
  deprecatedSiteLocal: "a site-local IPv6 address (a private network)",
};

// Every global unicast IPv6 address the IANA has allocated is in 2000::/3. ipaddr.js calls
// anything it has no name for "unicast", including ::7f00:1 (IPv4-compatible, deprecated)
// and the rest of the unallocated space: refuse those too.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

/** The policy NOTIFY_ALLOW_PRIVATE describes (env.ts has already checked its syntax at start). */
export function addressPolicyFrom(allowPrivate: string | undefined): AddressPolicy {
  return { allowed: parseNotifyAllowPrivate(allowPrivate) };
}

let current: AddressPolicy | undefined;

/** The policy in force: NOTIFY_ALLOW_PRIVATE's, or the one a test set. */
export function addressPolicy(): AddressPolicy {
  return (current ??= addressPolicyFrom(env.NOTIFY_ALLOW_PRIVATE));
}

/**
 * Tests only: act as if NOTIFY_ALLOW_PRIVATE were `allowPrivate` (undefined: unset) in this
 * process. Restore with `setAddressPolicyForTests(env.NOTIFY_ALLOW_PRIVATE)`.
 */
export function setAddressPolicyForTests(allowPrivate: string | undefined): void {
  current = addressPolicyFrom(allowPrivate);
}

/**
 * Why a connection to `ip`:`port` is refused, in words ("127.0.0.1 is a loopback address
 * (this server itself)"), or null when it is allowed: a public unicast address, or one in
 * an allowed range (and on its port when the range names one). IPv4-mapped IPv6 addresses
 * are judged as the IPv4 address they carry, which is where the connection goes.
 * Anything that is not a plain IP address is refused.
 */
export function addressRefusal(ip: string, port: number, policy: AddressPolicy = addressPolicy()): string | null {
  if (isIP(ip) === 0) return `"${ip}" is not an IP address`;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return `"${ip}" is not an IP address`;
  }
  const allowedByOperator = policy.allowed.some(
    (range) =>
      range.network.kind() === address.kind() &&
      address.match(range.network, range.prefixLength) &&
      (range.port === undefined || range.port === port),
  );
  if (allowedByOperator) return null;
  let range: string = address.range();
  if (range === "unicast" && address.kind() === "ipv6" && !address.match(GLOBAL_UNICAST_V6)) range = "reserved";
  if (range === "unicast") return null;
  const shown = address.toString();
  return `${shown} is ${RANGE_WORDS[range] ?? `a special-purpose address (${range})`}`;
}

/** Whether notifications may connect to `ip`:`port` (see addressRefusal). */
export function isAllowedAddress(ip: string, port: number, policy: AddressPolicy = addressPolicy()): boolean {
  return addressRefusal(ip, port, policy) === null;
}
