import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import tls from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { setAddressPolicyForTests } from "@/lib/notify/address-policy";
import { SafeFetchError, type SafeFetchErrorCode, createGuardedAgent, safeFetch } from "@/lib/notify/safe-fetch";
import { checkTargetUrl } from "@/lib/notify/target-url";

/**
 * The SSRF guard against real receivers: node:http servers on this machine's loopback,
 * counting every TCP connection they accept, so "refused" means nothing arrived — not
 * merely that an error was thrown. Ports come from 3700–3799.
 */

interface Receiver {
  port: number;
  /** TCP connections accepted, whatever came over them. */
  connections: number;
  /** The accepted connections still open. */
  openSockets: Set<net.Socket>;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  reset(): void;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function listenInRange(server: net.Server, host: string): Promise<number> {
  for (let port = 3700; port <= 3799; port++) {
    const listening = await new Promise<boolean>((resolve) => {
      const onError = (err: NodeJS.ErrnoException) => {
        if (err.code !== "EADDRINUSE") throw err;
        resolve(false);
      };
      server.once("error", onError);
      server.listen({ port, host, ipv6Only: false }, () => {
        server.off("error", onError);
        resolve(true);
      });
    });
    if (listening) return port;
  }
  throw new Error("no free port in 3700-3799");
}

/** An HTTP receiver; on "::" it also answers IPv4 (127.0.0.1, 0.0.0.0, ::ffff:127.0.0.1). */
async function startReceiver(host: string, handler: Handler = (_req, res) => res.end("ok")): Promise<Receiver> {
  const receiver: Receiver = {
    port: 0,
    connections: 0,
    openSockets: new Set(),
    requests: [],
    reset() {
      receiver.connections = 0;
      receiver.requests = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      receiver.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on("connection", (socket: net.Socket) => {
    receiver.connections++;
    receiver.openSockets.add(socket);
    socket.on("close", () => receiver.openSockets.delete(socket));
  });
  receiver.port = await listenInRange(server, host);
  return receiver;
}

async function refusal(promise: Promise<unknown>): Promise<SafeFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SafeFetchError);
  return err as SafeFetchError;
}

/** Where undici put the connect step's error (fetch wraps it in a TypeError's cause). */
function causeOf(err: unknown): unknown {
  let e = err;
  while (e instanceof Error && !(e instanceof SafeFetchError) && e.cause) e = e.cause;
  return e;
}

/** Names of this machine that resolve to loopback, besides localhost (which is refused before any lookup). */
async function loopbackNames(): Promise<string[]> {
  const names: string[] = [];
  for (const name of [os.hostname(), "localhost.localdomain", "ip6-localhost", "ip6-loopback"]) {
    const answers = await lookup(name, { all: true }).catch(() => []);
    if (answers.length > 0 && answers.every((a) => a.address === "127.0.0.1" || a.address === "::1" || a.address.startsWith("127."))) names.push(name);
  }
  return names;
}

let receiver: Receiver;
const namesOfThisMachine = await loopbackNames();

beforeAll(async () => {
  receiver = await startReceiver("::");
});
afterAll(async () => {
  await receiver.close();
  setAddressPolicyForTests(env.NOTIFY_ALLOW_PRIVATE);
});
beforeEach(() => {
  setAddressPolicyForTests(undefined);
  receiver.reset();
});

describe("with NOTIFY_ALLOW_PRIVATE unset, nothing reaches a private address", () => {
  const loopbackTargets = (port: number) => [
    `http://127.0.0.1:${port}/hook`,
    `http://localhost:${port}/hook`,
    `http://[::1]:${port}/hook`,
    `http://0.0.0.0:${port}/hook`,
    `http://2130706433:${port}/hook`,
    `http://0x7f.1:${port}/hook`,
    `http://[::ffff:127.0.0.1]:${port}/hook`,
  ];

  it("(the receiver does listen at every loopback spelling: an unguarded client reaches it each time)", async () => {
    const plain = new Agent();
    for (const url of loopbackTargets(receiver.port)) {
      const response = await undiciFetch(url, { method: "POST", body: "{}", dispatcher: plain });
      expect(response.status, url).toBe(200);
      await response.text();
    }
    await plain.close();
    expect(receiver.requests).toHaveLength(7);
  });

  it.each([
    // [target (PORT: the receiver's), code of safeFetch's refusal]
    ["http://127.0.0.1:PORT/hook", "refused_address"],
    ["http://localhost:PORT/hook", "refused_address"],
    ["http://[::1]:PORT/hook", "refused_address"],
    ["http://0.0.0.0:PORT/hook", "refused_address"],
    ["http://2130706433:PORT/hook", "invalid_url"],
    ["http://0x7f.1:PORT/hook", "invalid_url"],
    ["http://0177.0.0.1:PORT/hook", "invalid_url"],
    ["http://127.1:PORT/hook", "invalid_url"],
    ["http://[::ffff:127.0.0.1]:PORT/hook", "refused_address"],
    ["http://169.254.169.254/latest/meta-data/", "refused_address"],
    ["http://10.0.0.1/", "refused_address"],
    ["http://100.64.0.1/", "refused_address"],
    ["http://[fd00::1]/", "refused_address"],
  ] as const)("%s is refused when saved and when sent", async (target, code: SafeFetchErrorCode) => {
    const url = target.replace("PORT", String(receiver.port));
    expect(() => checkTargetUrl(url)).toThrow(ValidationError);
    const started = performance.now();
    const err = await refusal(safeFetch(url, { method: "POST", body: "{}" }, { timeoutMs: 2_000 }));
    expect(err.code).toBe(code);
    expect(performance.now() - started).toBeLessThan(1_000); // refused, not timed out
    expect(receiver.connections).toBe(0);
  });

  it.each([
    "http://127.0.0.1:PORT/",
    "http://[::1]:PORT/",
    "http://0.0.0.0:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://2130706433:PORT/",
    "http://0x7f.1:PORT/",
    "http://localhost:PORT/",
  ])("the connect step refuses %s on its own (no URL check before it)", async (target) => {
    // Plain undici through the guarded agent: only the connect step stands in the way.
    const agent = createGuardedAgent();
    const err = await undiciFetch(target.replace("PORT", String(receiver.port)), { dispatcher: agent }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await agent.close();
    expect(causeOf(err)).toBeInstanceOf(SafeFetchError);
    expect((causeOf(err) as SafeFetchError).code).toBe("refused_address");
    expect(receiver.connections).toBe(0);
  });

  it.skipIf(namesOfThisMachine.length === 0)("a name of this machine that resolves to loopback is accepted when saved and refused when sent", async () => {
    for (const name of namesOfThisMachine) {
      const url = `http://${name}:${receiver.port}/hook`;
      expect(checkTargetUrl(url).hostname).toBe(name.toLowerCase()); // a name: checked when connecting
      const err = await refusal(safeFetch(url, { method: "POST", body: "{}" }));
      expect(err.code).toBe("refused_address");
      expect(err.message).toMatch(/^Refused to connect to .+: (127\.0\.0\.1|::1) is a loopback address/);
    }
    expect(receiver.connections).toBe(0);
  });

  it.each([
    // [what the resolver answers for a public-looking name, what the refusal says]
    [["127.0.0.1"], "127.0.0.1 is a loopback address"],
    [["::1"], "::1 is a loopback address"],
    [["169.254.169.254"], "169.254.169.254 is a link-local address"],
    [["10.0.0.1"], "10.0.0.1 is a private network address"],
    [["fd00::1"], "fd00::1 is a unique-local IPv6 address"],
    [["::ffff:127.0.0.1"], "127.0.0.1 is a loopback address"],
    // One bad address refuses the name, whatever the order of the answer.
    [["93.184.215.14", "127.0.0.1"], "127.0.0.1 is a loopback address"],
    [["2606:4700:4700::1111", "10.1.2.3"], "10.1.2.3 is a private network address"],
  ])("a public-looking name that resolves to %j is refused when connecting", async (addresses, message) => {
    const asked: string[] = [];
    const resolveHost = async (hostname: string) => {
      asked.push(hostname);
      return addresses.map((address) => ({ address, family: net.isIP(address) }));
    };
    const url = `http://hooks.example.com:${receiver.port}/hook`;
    expect(checkTargetUrl(url).href).toBe(url); // fine when saved: a name
    const err = await refusal(safeFetch(url, { method: "POST", body: "{}" }, { resolveHost, timeoutMs: 2_000 }));
    expect(err.code).toBe("refused_address");
    expect(err.message.startsWith(`Refused to connect to hooks.example.com: ${message}`), err.message).toBe(true);
    expect(asked).toEqual(["hooks.example.com"]);
    expect(receiver.connections).toBe(0);
  });

  it("a name that does not resolve fails with code dns", async () => {
    const resolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), { code: "ENOTFOUND" });
    };
    const err = await refusal(safeFetch("https://nowhere.example/hook", {}, { resolveHost }));
    expect(err).toMatchObject({ code: "dns", message: "Could not resolve nowhere.example (ENOTFOUND)" });
  });
});

describe("with private ranges allowed by the operator", () => {
  const others: Receiver[] = [];
  const start = async (handler?: Handler, host = "127.0.0.1") => {
    const started = await startReceiver(host, handler);
    others.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(others.splice(0).map((r) => r.close()));
  });

  it("a range with the receiver's port lets the request through; the same range with another port does not", async () => {
    const url = `http://127.0.0.1:${receiver.port}/hook?x=1`;
    setAddressPolicyForTests(`127.0.0.1/32:${receiver.port}`);
    expect(checkTargetUrl(url).href).toBe(url);
    const answer = await safeFetch(url, { method: "POST", headers: { "content-type": "application/json", "webhook-id": "msg_1" }, body: '{"a":1}' });
    expect(answer).toMatchObject({ status: 200, body: "ok", truncated: false });
    expect(answer.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.requests).toEqual([
      expect.objectContaining({ method: "POST", url: "/hook?x=1", body: '{"a":1}', headers: expect.objectContaining({ "content-type": "application/json", "webhook-id": "msg_1", "user-agent": "Vigil-Notifications/1" }) }),
    ]);

    receiver.reset();
    setAddressPolicyForTests(`127.0.0.1/32:${receiver.port + 1}`);
    expect(() => checkTargetUrl(url)).toThrow("127.0.0.1 is a loopback address");
    expect((await refusal(safeFetch(url, { method: "POST", body: "{}" }))).code).toBe("refused_address");
    // Through the guarded connect step alone, too.
    const agent = createGuardedAgent();
    const err = await undiciFetch(url, { dispatcher: agent }).catch((e: unknown) => e);
    await agent.close();
    expect((causeOf(err) as SafeFetchError).code).toBe("refused_address");
    expect(receiver.connections).toBe(0);
  });

  it("IPv6 ranges in brackets: [::1] allows the IPv6 loopback and not the IPv4 one", async () => {
    setAddressPolicyForTests("[::1]/128");
    expect((await safeFetch(`http://[::1]:${receiver.port}/`, { method: "POST" })).status).toBe(200);
    expect((await refusal(safeFetch(`http://127.0.0.1:${receiver.port}/`, { method: "POST" }))).code).toBe("refused_address");
    expect(receiver.connections).toBe(1);
  });

  it("a name is connected to at the address that was checked, with its own name in Host and a single lookup", async () => {
    setAddressPolicyForTests(`127.0.0.1/32:${receiver.port}`);
    let lookups = 0;
    const resolveHost = async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const answer = await safeFetch(`http://hooks.internal.test:${receiver.port}/a`, { method: "POST", body: "x" }, { resolveHost });
    expect(answer.status).toBe(200);
    expect(lookups).toBe(1);
    expect(receiver.requests[0].headers.host).toBe(`hooks.internal.test:${receiver.port}`);
  });

  it("a redirect is not followed: the 302 is the outcome and its target gets nothing", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const second = await start();
    const first = await start((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${second.port}/elsewhere` }).end());
    const answer = await safeFetch(`http://127.0.0.1:${first.port}/hook`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe(`http://127.0.0.1:${second.port}/elsewhere`);
    expect(first.requests).toHaveLength(1);
    expect(second.connections).toBe(0);
  });

  it("error statuses are outcomes too, with their answer", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const failing = await start((_req, res) => res.writeHead(503, { "retry-after": "120", "content-type": "text/plain; charset=utf-8" }).end("busy – später\u0000"));
    const answer = await safeFetch(`http://127.0.0.1:${failing.port}/`, { method: "POST" });
    expect(answer).toMatchObject({ status: 503, body: "busy – später\uFFFD", truncated: false });
    expect(answer.headers.get("retry-after")).toBe("120");
  });

  it("a receiver that never answers is cut at the timeout", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const silent = await start(() => {});
    const started = performance.now();
    const err = await refusal(safeFetch(`http://127.0.0.1:${silent.port}/`, { method: "POST", body: "{}" }, { timeoutMs: 300 }));
    expect(err).toMatchObject({ code: "timeout", message: "No complete answer within 300 ms" });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(silent.requests).toHaveLength(1);
  });

  it("a request cut short leaves no connection open behind it", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const silent = await start((req, res) => {
      if (req.url === "/huge") res.end(Buffer.alloc(1024 * 1024, "a"));
    });
    await refusal(safeFetch(`http://127.0.0.1:${silent.port}/`, {}, { timeoutMs: 200 }));
    expect((await safeFetch(`http://127.0.0.1:${silent.port}/huge`, {})).truncated).toBe(true);
    // undici opens a spare connection after an abort (nodejs/undici#5845); the call's own
    // agent is destroyed, so it does not stay (the receiver would keep it 5 s otherwise).
    await expect.poll(() => silent.openSockets.size, { timeout: 2_000 }).toBe(0);
  });

  it("the timeout covers the body: headers then a stalled body are cut too", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const stalling = await start((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    const started = performance.now();
    const err = await refusal(safeFetch(`http://127.0.0.1:${stalling.port}/`, {}, { timeoutMs: 300 }));
    expect(err.code).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("a connection that never completes its TLS handshake is cut at the connect timeout", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const accepted: net.Socket[] = [];
    const mute = net.createServer((socket) => accepted.push(socket)); // accepts TCP, never speaks TLS
    const port = await listenInRange(mute, "127.0.0.1");
    try {
      const started = performance.now();
      const err = await refusal(safeFetch(`https://127.0.0.1:${port}/`, {}, { connectTimeoutMs: 200, timeoutMs: 5_000 }));
      expect(err).toMatchObject({ code: "connect_timeout", message: "No connection within 200 ms" });
      // undici's connect timer ticks in steps of about half a second.
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(accepted).toHaveLength(1);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => mute.close(resolve));
    }
  });

  it("over TLS the checked address is dialled with the name kept for SNI, and the certificate is checked", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const serverNames: string[] = [];
    let requests = 0;
    const server = https.createServer(
      {
        key: TEST_KEY,
        cert: TEST_CERT,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null, tls.createSecureContext({ key: TEST_KEY, cert: TEST_CERT }));
        },
      },
      (_req, res) => {
        requests++;
        res.end("ok");
      },
    );
    const port = await listenInRange(server, "127.0.0.1");
    try {
      const resolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
      const err = await refusal(safeFetch(`https://hooks.example.test:${port}/hook`, { body: "{}" }, { resolveHost }));
      // The certificate is self-signed: refused, as any certificate without a trusted chain.
      expect(err.code).toBe("network");
      expect(err.message).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
      expect(serverNames).toEqual(["hooks.example.test"]);
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a closed port fails with code network", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const gone = await startReceiver("127.0.0.1");
    await gone.close();
    const err = await refusal(safeFetch(`http://127.0.0.1:${gone.port}/`, {}));
    expect(err.code).toBe("network");
    expect(err.message).toContain("ECONNREFUSED");
  });

  it("a huge answer is read only to 64 KiB, and the call returns promptly", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const huge = await start((_req, res) => res.end(Buffer.alloc(5 * 1024 * 1024, "a")));
    const started = performance.now();
    const answer = await safeFetch(`http://127.0.0.1:${huge.port}/`, { method: "POST" });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(answer).toMatchObject({ status: 200, truncated: true });
    expect(answer.body).toBe("a".repeat(65_536));
  });

  it("an endless answer stops at the limit too: the rest is not read", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    let sent = 0;
    let closedEarly = false;
    const endless = await start((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, "é".normalize()); // 2-byte characters: the cut falls inside one
      const pump = () => {
        while (!res.destroyed && sent < 1024 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
      };
      res.on("close", () => (closedEarly = !res.writableFinished));
      pump();
    });
    const answer = await safeFetch(`http://127.0.0.1:${endless.port}/`, {}, { maxAnswerBytes: 10_001, timeoutMs: 5_000 });
    expect(answer.truncated).toBe(true);
    expect(answer.body).toBe("é".repeat(5_000) + "\uFFFD"); // 10,001 bytes: the last character is cut
    await expect.poll(() => closedEarly).toBe(true);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("no cookies are kept and proxy variables are ignored", async () => {
    setAddressPolicyForTests("127.0.0.1/32");
    const proxy = await start();
    const cookieSetter = await start((_req, res) => res.writeHead(200, { "set-cookie": "session=abc; Path=/" }).end("ok"));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;
    try {
      await safeFetch(`http://127.0.0.1:${cookieSetter.port}/one`, {});
      await safeFetch(`http://127.0.0.1:${cookieSetter.port}/two`, {});
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(cookieSetter.requests.map((r) => [r.url, r.headers.cookie])).toEqual([
      ["/one", undefined],
      ["/two", undefined],
    ]);
    expect(proxy.connections).toBe(0);
  });
});

// A throwaway self-signed certificate for hooks.example.test (valid until 2126), for the TLS test only.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPsD/ES44Wn8USTH7
dscp/FQTku2co1S32OAyTpJROjuhRANCAATXmhmokX4CxlnhfoULsO0nB4mYpqCZ
HDemZ+0kxiORkr1p2pOHKmHtdZod10s1QUbf+IoYxxiYU8zwvMJElru/
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBsTCCAVagAwIBAgIULdQ5jQ8W/lJ3cbSJr3iSPSLZ+E0wCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSaG9va3MuZXhhbXBsZS50ZXN0MCAXDTI2MTIwMTAzMTYxNVoY
DzIxMjYxMTA3MDMxNjE1WjAdMRswGQYDVQQDDBJob29rcy5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATXmhmokX4CxlnhfoULsO0nB4mYpqCZ
HDemZ+0kxiORkr1p2pOHKmHtdZod10s1QUbf+IoYxxiYU8zwvMJElru/o3IwcDAd
BgNVHQ4EFgQUrx3ESiC0dil8R3OEnKFloXsmV6cwHwYDVR0jBBgwFoAUrx3ESiC0
dil8R3OEnKFloXsmV6cwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJob29r
cy5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSQAwRgIhAPE3232dgNbpn6Qx3kvK
AEX9vCobsgSBg2P8UAvxuoYqAiEAlbz4bQ4P7EhlA55cypqamJojtdOX2NrvqcAw
I0QjcSw=
-----END CERTIFICATE-----`;
