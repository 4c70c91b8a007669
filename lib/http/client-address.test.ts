import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module of the npm start server, without types.
import { clientAddress, trustedProxyHops } from "@/scripts/client-address.mjs";

describe("clientAddress", () => {
  it.each([
    // [X-Forwarded-For, socket peer, trusted hops, client]
    [undefined, "203.0.113.7", 0, "203.0.113.7"],
    ["1.2.3.4", "203.0.113.7", 0, "203.0.113.7"], // spoofed, no proxy: ignored
    ["1.2.3.4, 5.6.7.8", "203.0.113.7", 0, "203.0.113.7"],
    ["198.51.100.9", "10.0.0.2", 1, "198.51.100.9"], // one load balancer
    ["1.2.3.4, 198.51.100.9", "10.0.0.2", 1, "198.51.100.9"], // client-sent prefix ignored
    ["1.2.3.4, 198.51.100.9, 10.0.0.5", "10.0.0.2", 2, "198.51.100.9"], // CDN + LB
    [undefined, "10.0.0.2", 1, "10.0.0.2"], // fewer entries than hops: the leftmost
    [" , ,", "10.0.0.2", 1, "10.0.0.2"],
    [undefined, "::ffff:203.0.113.7", 0, "203.0.113.7"],
    [undefined, "2001:db8::1", 0, "2001:db8::1"],
    [undefined, undefined, 0, "unknown"],
  ])("X-Forwarded-For %j from %s with %i trusted hops → %s", (xff, socket, hops, expected) => {
    expect(clientAddress(xff, socket, hops)).toBe(expected);
  });

  it("reads TRUSTED_PROXY_HOPS, refusing nonsense", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("")).toBe(0);
    expect(trustedProxyHops("2")).toBe(2);
    for (const bad of ["-1", "1.5", "many", "11"]) expect(() => trustedProxyHops(bad)).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
