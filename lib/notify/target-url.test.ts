import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { addressPolicyFrom } from "./address-policy";
import { MAX_TARGET_URL_LENGTH, checkTargetUrl, targetUrlProblem } from "./target-url";

const none = addressPolicyFrom(undefined);
const PUBLIC_HINT = "notifications go to public addresses only (an operator can allow private ranges with NOTIFY_ALLOW_PRIVATE)";

describe("a notification URL, when it is saved", () => {
  it.each([
    // [URL, the message the form shows]
    ["", "Enter the URL to send notifications to"],
    ["hooks.example.com/x", "Not a URL: it must start with https:// (or http://)"],
    ["example.com:8080/hook", "Not a URL: it must start with https:// (or http://)"],
    ["localhost:3000", "Not a URL: it must start with https:// (or http://)"],
    ["ftp://example.com/hook", '"ftp:" URLs cannot receive notifications: use https:// (or http://)'],
    ["file:///etc/passwd", '"file:" URLs cannot receive notifications: use https:// (or http://)'],
    ["gopher://example.com:70/_x", '"gopher:" URLs cannot receive notifications: use https:// (or http://)'],
    ["javascript:alert(1)", '"javascript:" URLs cannot receive notifications: use https:// (or http://)'],
    ["http:example.com/hook", "Not a URL: it must start with https:// (or http://)"],
    ["http:\\\\example.com\\hook", "Not a URL: it must start with https:// (or http://)"],
    ["https://", "Not a valid URL"],
    ["http://exa mple.com/", "The URL must not contain spaces or control characters"],
    [" https://example.com/", "The URL must not contain spaces or control characters"],
    ["https://exam\nple.com/", "The URL must not contain spaces or control characters"],
    ["https://example.com/\u0000", "Contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored"],
    ["https://example.com/\ud800", "Contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored"],
    [`https://example.com/${"a".repeat(MAX_TARGET_URL_LENGTH)}`, "The URL is longer than 2048 characters"],
    ["https://user:secret@example.com/hook", "The URL must not contain a user name or password (user:password@)"],
    ["https://token@example.com/hook", "The URL must not contain a user name or password (user:password@)"],
    ["https://@example.com/hook", "The URL must not contain a user name or password (user:password@)"],
    ["http:///example.com/hook", "The URL has no host name"],
    // Odd spellings of IPv4 addresses, loopback or not: only the dotted quad is accepted.
    ["http://2130706433/", '"2130706433" is an unusual way to write the IP address 127.0.0.1: write it as four decimal numbers'],
    ["http://0x7f.1/", '"0x7f.1" is an unusual way to write the IP address 127.0.0.1: write it as four decimal numbers'],
    ["http://0177.0.0.1/", '"0177.0.0.1" is an unusual way to write the IP address 127.0.0.1: write it as four decimal numbers'],
    ["http://0x7F000001/", '"0x7F000001" is an unusual way to write the IP address 127.0.0.1'],
    ["http://127.1/", '"127.1" is an unusual way to write the IP address 127.0.0.1'],
    ["http://127.0.0.1./", '"127.0.0.1." is an unusual way to write the IP address 127.0.0.1'],
    ["http://%31%32%37.0.0.1/", '"%31%32%37.0.0.1" is an unusual way to write the IP address 127.0.0.1'],
    ["http://１２７.０.０.１/", '"１２７.０.０.１" is an unusual way to write the IP address 127.0.0.1'],
    ["http://0/", '"0" is an unusual way to write the IP address 0.0.0.0'],
    ["https://134744072/", '"134744072" is an unusual way to write the IP address 8.8.8.8'],
    // Addresses outside the public Internet.
    ["http://127.0.0.1:8080/hook", `127.0.0.1 is a loopback address (this server itself): ${PUBLIC_HINT}`],
    ["http://0.0.0.0/", `0.0.0.0 is the unspecified address: ${PUBLIC_HINT}`],
    ["http://[::1]:3000/", `::1 is a loopback address (this server itself): ${PUBLIC_HINT}`],
    ["http://[::ffff:127.0.0.1]/", `127.0.0.1 is a loopback address (this server itself): ${PUBLIC_HINT}`],
    ["http://[::ffff:7f00:1]/", "127.0.0.1 is a loopback address"],
    ["http://[::]/", "is the unspecified address"],
    ["http://169.254.169.254/latest/meta-data/", `169.254.169.254 is a link-local address (where cloud metadata services answer): ${PUBLIC_HINT}`],
    ["http://10.0.0.1/", `10.0.0.1 is a private network address: ${PUBLIC_HINT}`],
    ["https://192.168.0.10/", "192.168.0.10 is a private network address"],
    ["http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)"],
    ["http://[fd00::1]/", "fd00::1 is a unique-local IPv6 address (a private network)"],
    ["http://[fe80::1]/", "fe80::1 is a link-local address"],
    ["http://localhost:3000/", `localhost is this server itself: ${PUBLIC_HINT}`],
    ["http://LOCALHOST/", "localhost is this server itself"],
    ["http://localhost./", "localhost. is this server itself"],
    ["http://vigil.localhost/", "vigil.localhost is this server itself"],
  ])("%j is refused: %s", (raw, message) => {
    expect(targetUrlProblem(raw, none)).toContain(message);
    let thrown: unknown;
    try {
      checkTargetUrl(raw, "/config/url", none);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toEqual([{ pointer: "/config/url", message: expect.stringContaining(message) }]);
  });

  it.each([
    ["https://hooks.example.com/services/T000/B000/XXX", "https://hooks.example.com/services/T000/B000/XXX"],
    ["HTTPS://Hooks.Example.COM:8443/a?b=c#d", "https://hooks.example.com:8443/a?b=c#d"],
    ["http://93.184.215.14/hook", "http://93.184.215.14/hook"],
    ["https://[2606:4700:4700::1111]/hook", "https://[2606:4700:4700::1111]/hook"],
    ["https://bücher.example/hook", "https://xn--bcher-kva.example/hook"],
    // Named hosts pass here; where they resolve is checked each time a notification connects.
    ["https://internal.corp/hook", "https://internal.corp/hook"],
    ["https://example.com/a@b", "https://example.com/a@b"], // @ in the path, not credentials
  ])("%j can be saved (as %s)", (raw, href) => {
    expect(targetUrlProblem(raw, none)).toBeNull();
    expect(checkTargetUrl(raw, "/url", none).href).toBe(href);
  });

  it.each([
    ["127.0.0.1/32", "http://127.0.0.1:8080/hook", null],
    ["127.0.0.1/32:8080", "http://127.0.0.1:8080/hook", null],
    ["127.0.0.1/32:8080", "http://127.0.0.1:8081/hook", "127.0.0.1 is a loopback address"],
    ["10.0.0.0/8:443", "https://10.1.1.1/hook", null], // the scheme's port counts
    ["10.0.0.0/8:443", "http://10.1.1.1/hook", "10.1.1.1 is a private network address"],
    ["[fd00::]/8", "http://[fd00::1]/", null],
    // An allowed range does not make odd spellings or localhost names acceptable.
    ["127.0.0.0/8", "http://2130706433/", "is an unusual way to write the IP address 127.0.0.1"],
    ["127.0.0.0/8", "http://localhost/", "localhost means this server: write its address, 127.0.0.1, which NOTIFY_ALLOW_PRIVATE allows"],
    ["[::1]:8080", "http://app.localhost:8080/", "app.localhost means this server: write its address, [::1], which NOTIFY_ALLOW_PRIVATE allows"],
    ["[::1]:8080", "http://localhost:8081/", "localhost is this server itself"],
  ] as const)("with NOTIFY_ALLOW_PRIVATE=%j, %s → %j", (allowPrivate, raw, problem) => {
    const result = targetUrlProblem(raw, addressPolicyFrom(allowPrivate));
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});
