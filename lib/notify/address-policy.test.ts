import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { envSchema, parseNotifyAllowPrivate } from "@/lib/env";
import { addressPolicyFrom, addressRefusal, isAllowedAddress } from "./address-policy";

const none = addressPolicyFrom(undefined);

describe("which addresses notifications may connect to, with NOTIFY_ALLOW_PRIVATE unset", () => {
  it.each([
    // [address, why it is refused]
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["10.0.0.1", "private network"],
    ["172.16.5.4", "private network"],
    ["192.168.1.1", "private network"],
    ["169.254.169.254", "link-local"], // cloud metadata
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["fd00::1", "unique-local"],
    ["fc00::1", "unique-local"],
    ["::ffff:127.0.0.1", "loopback"], // IPv4-mapped: judged as the IPv4 address it carries
    ["::ffff:10.1.2.3", "private network"],
    ["::ffff:0:7f00:1", "special-purpose address (rfc6145)"],
    ["64:ff9b::7f00:1", "special-purpose address (rfc6052)"], // NAT64 of 127.0.0.1
    ["2002:7f00:1::", "special-purpose address (6to4)"],
    ["2001::1", "special-purpose address (teredo)"],
    ["::7f00:1", "reserved"], // IPv4-compatible, outside 2000::/3
    ["fec0::1", "site-local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["0177.0.0.1", "not an IP address"], // only what a resolver or a socket gives: plain notation
    ["2130706433", "not an IP address"],
    ["localhost", "not an IP address"],
  ])("%s is refused: %s", (ip, why) => {
    expect(isAllowedAddress(ip, 443, none)).toBe(false);
    expect(addressRefusal(ip, 443, none)).toContain(why);
  });

  it.each(["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:830::200e", "::ffff:8.8.8.8"])("%s is allowed", (ip) => {
    expect(addressRefusal(ip, 443, none)).toBeNull();
  });
});

describe("NOTIFY_ALLOW_PRIVATE", () => {
  it.each([
    // [setting, address, port, allowed]
    ["127.0.0.1/32", "127.0.0.1", 8080, true],
    ["127.0.0.1/32", "127.0.0.2", 8080, false],
    ["127.0.0.1", "127.0.0.1", 1, true], // a bare address is that one address
    ["127.0.0.1/32:8080", "127.0.0.1", 8080, true],
    ["127.0.0.1/32:8080", "127.0.0.1", 8081, false],
    ["10.0.0.0/8:8080", "10.200.3.4", 8080, true],
    ["10.0.0.0/8:8080", "11.0.0.1", 8080, true], // public anyway
    ["10.0.0.0/8:8080", "172.16.0.1", 8080, false],
    ["10.1.2.3/8", "10.9.9.9", 443, true], // host bits after the prefix are ignored
    ["10.0.0.0/8, 192.168.0.0/16:443", "192.168.7.7", 443, true],
    ["10.0.0.0/8, 192.168.0.0/16:443", "192.168.7.7", 80, false],
    ["127.0.0.1/32", "::ffff:127.0.0.1", 80, true], // mapped addresses are unwrapped first
    ["[fd00::]/8:8080", "fd12::1", 8080, true],
    ["[fd00::]/8:8080", "fd12::1", 8081, false],
    ["[fd00::]/8", "fc00::1", 8080, false],
    ["[::1]", "::1", 3000, true],
    ["[::1]", "127.0.0.1", 3000, false], // IPv6 loopback does not allow IPv4 loopback
    ["127.0.0.0/8", "::1", 3000, false],
    ["169.254.169.254/32:80", "169.254.169.254", 80, true], // the operator's call
    ["0.0.0.0/0", "10.0.0.1", 22, true],
    [" 127.0.0.1/32 ,, ", "127.0.0.1", 80, true], // spaces and empty entries ignored
  ] as const)("%j: %s port %i allowed → %s", (setting, ip, port, allowed) => {
    expect(isAllowedAddress(ip, port, addressPolicyFrom(setting))).toBe(allowed);
  });

  it.each([
    // [setting, what the message says]
    ["10.0.0.0/33", '"10.0.0.0/33" has the prefix length /33 (at most /32)'],
    ["[fd00::]/129", "has the prefix length /129 (at most /128)"],
    ["10.0.0.0/8:0", "has the port 0 (1 to 65535)"],
    ["10.0.0.0/8:65536", "has the port 65536 (1 to 65535)"],
    ["10.0.0.0/8:http", '"10.0.0.0/8:http" is not a range'],
    ["fd00::/8", "is an IPv6 range without brackets (write [fd00::]/8)"],
    ["[fd00::/8]", 'has "fd00::/8", which is not an IPv6 address'],
    ["[::ffff:10.0.0.0]/104", "is an IPv4-mapped IPv6 range (write the IPv4 range instead)"],
    ["0x7f.1/32", 'has "0x7f.1", which is not an IPv4 address in dotted decimal'],
    ["010.0.0.0/8", "not an IPv4 address in dotted decimal"],
    ["10.0.0/24", "not an IPv4 address in dotted decimal"],
    ["intranet.example.com", "not an IPv4 address in dotted decimal"],
    ["10.0.0.0/8;192.168.0.0/16", "is not a range"],
  ])("%j is refused: %s", (setting, message) => {
    expect(() => parseNotifyAllowPrivate(setting)).toThrow(message);
    expect(() => parseNotifyAllowPrivate(setting)).toThrow("each entry must be a CIDR range with an optional port, such as 10.0.0.0/8, 127.0.0.1/32:8080 or [fd00::]/8:443");
    const parsed = envSchema.safeParse({ NOTIFY_ALLOW_PRIVATE: `127.0.0.1/32,${setting}` });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["NOTIFY_ALLOW_PRIVATE"]);
  });

  it("unset or blank allows nothing private", () => {
    expect(envSchema.parse({}).NOTIFY_ALLOW_PRIVATE).toBeUndefined();
    expect(envSchema.parse({ NOTIFY_ALLOW_PRIVATE: "  " }).NOTIFY_ALLOW_PRIVATE).toBeUndefined();
    expect(addressPolicyFrom("  ").allowed).toEqual([]);
  });

  it("a wrong entry stops the app at start, naming the variable and the entry", () => {
    const run = (value: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", "await import('./lib/env.ts')"], {
        env: { ...process.env, NOTIFY_ALLOW_PRIVATE: value },
        encoding: "utf8",
      });
    const wrong = run("127.0.0.1/32,10.0.0.0/8:99999");
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain("Invalid environment configuration");
    expect(wrong.stderr).toContain('NOTIFY_ALLOW_PRIVATE: "10.0.0.0/8:99999" has the port 99999 (1 to 65535)');
    expect(run("127.0.0.1/32,[fd00::]/8:8080").status).toBe(0);
  });
});
