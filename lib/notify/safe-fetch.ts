import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, Headers, type Response, buildConnector, fetch } from "undici";
import { toStorableText } from "@/lib/text";
import { type AddressPolicy, addressPolicy, addressRefusal } from "./address-policy";
import { inspectTargetUrl } from "./target-url";

/**
 * Every outgoing notification request (webhooks, Slack) goes through safeFetch: an HTTP
 * request to a URL a tenant typed, made so that it cannot reach what the tenant must not
 * (lib/notify/address-policy.ts) and cannot hold a sender for long.
 *
 * - The address is checked where the socket is opened: undici's connect step resolves the
 *   name once, checks every address, and connects to a checked address itself, so a DNS
 *   answer that changes between check and connect (rebinding) changes nothing. IP-literal
 *   hosts are checked there too: Node never calls a `lookup` hook for them, which is why
 *   `connect: { lookup }` alone lets 127.0.0.1, 0x7f.1 or [::ffff:127.0.0.1] through.
 * - A name is refused when ANY of its addresses is refused, rather than connecting to an
 *   allowed one: a name that mixes public and private addresses is a rebinding set-up or a
 *   mistake, and either way the outcome must not depend on the order of a DNS answer.
 * - Redirects are not followed: a 3xx is returned like any answer (callers count only 2xx
 *   as delivered). Following one would let a public receiver point us at a private one.
 * - undici's own fetch (Next patches the global one) with its own Agent: no cookies, no
 *   proxy from HTTP_PROXY and friends, no global dispatcher.
 * - Time and size are bounded: connectTimeoutMs to connect (TLS handshake included),
 *   timeoutMs for everything including the body read, maxAnswerBytes of the answer kept
 *   (the rest is not read: the connection is closed).
 */

export type SafeFetchErrorCode =
  /** The URL is malformed, not http(s), has credentials or an odd IP spelling (the message says which). */
  | "invalid_url"
  /** The host is, or resolves to, an address the policy refuses. Nothing was sent. */
  | "refused_address"
  /** The name did not resolve. */
  | "dns"
  /** No connection (TCP, and TLS for https) within connectTimeoutMs. */
  | "connect_timeout"
  /** No complete answer (headers and body) within timeoutMs. */
  | "timeout"
  /** The connection was refused, reset, or failed otherwise (TLS certificate errors included). */
  | "network";

export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SafeFetchError";
  }
}

export interface SafeFetchInit {
  /** Default POST: notifications are posted. */
  method?: string;
  /** A user-agent of Vigil's own unless given. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A resolver's answer for one name: every address, as dns.lookup(name, { all: true }) gives. */
export type ResolveHost = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface SafeFetchOptions {
  /** Everything, the body read included. Default 10 s (API.md). */
  timeoutMs?: number;
  /** Connecting, TLS handshake included. Default 5 s (API.md). */
  connectTimeoutMs?: number;
  /** Bytes of the answer kept; the rest is not read. Default 64 KiB (API.md). */
  maxAnswerBytes?: number;
  /**
   * Tests only: answers DNS questions instead of dns.lookup, to play a resolver that
   * returns a private address for a public-looking name. The check and the connection
   * stay the real ones.
   */
  resolveHost?: ResolveHost;
}

export interface SafeFetchAnswer {
  status: number;
  headers: Headers;
  /** The first maxAnswerBytes of the answer as UTF-8 (U+0000 replaced, so it can be stored). */
  body: string;
  /** Whether the answer was longer than maxAnswerBytes. */
  truncated: boolean;
  /** From the start of the call to the end of the body read, in whole milliseconds. */
  latencyMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_ANSWER_BYTES = 65_536;

const USER_AGENT = "Vigil-Notifications/1";

const resolveWithDns: ResolveHost = (hostname) => dnsLookup(hostname, { all: true });

/** Connection errors after which the next address of the name is tried. */
const TRY_NEXT_ADDRESS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** The addresses `hostname` may be connected to, or a SafeFetchError saying why none. */
async function checkedAddresses(hostname: string, port: number, policy: AddressPolicy, resolveHost: ResolveHost): Promise<string[]> {
  if (isIP(hostname) !== 0) {
    const refusal = addressRefusal(hostname, port, policy);
    if (refusal !== null) throw new SafeFetchError("refused_address", `Refused to connect: ${refusal}`);
    return [hostname];
  }
  let answers: Array<{ address: string }>;
  try {
    answers = await resolveHost(hostname);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "no answer";
    throw new SafeFetchError("dns", `Could not resolve ${hostname} (${code})`, { cause: err });
  }
  if (answers.length === 0) throw new SafeFetchError("dns", `Could not resolve ${hostname} (no addresses)`);
  for (const { address } of answers) {
    const refusal = addressRefusal(address, port, policy);
    if (refusal !== null) throw new SafeFetchError("refused_address", `Refused to connect to ${hostname}: ${refusal}`);
  }
  return answers.map((answer) => answer.address);
}

export interface GuardedAgentOptions {
  connectTimeoutMs?: number;
  policy?: AddressPolicy;
  resolveHost?: ResolveHost;
}

/**
 * An undici Agent whose every connection goes to a checked address. safeFetch makes one
 * per call; exported for the tests, which drive it with plain undici requests to show
 * that the connect step refuses on its own, whatever the URL check before it let through.
 */
export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  const policy = options.policy ?? addressPolicy();
  const resolveHost = options.resolveHost ?? resolveWithDns;
  const openSocket = buildConnector({ timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });

  const connectGuarded: buildConnector.connector = (connectOptions, callback) => {
    // undici hands IPv6 literals over without brackets.
    const { hostname, protocol } = connectOptions;
    const port = Number(connectOptions.port) || (protocol === "https:" ? 443 : 80);
    // TLS keeps the name: SNI and the certificate check are for the name, not the address.
    const servername = protocol === "https:" && isIP(hostname) === 0 ? connectOptions.servername || hostname : connectOptions.servername;
    const connectInTurn = (addresses: string[]) => {
      const [address, ...rest] = addresses;
      openSocket({ ...connectOptions, hostname: address, servername }, (...result) => {
        const [err] = result;
        if (err && rest.length > 0 && TRY_NEXT_ADDRESS.has((err as NodeJS.ErrnoException).code ?? "")) {
          connectInTurn(rest);
          return;
        }
        callback(...result);
      });
    };
    checkedAddresses(hostname, port, policy, resolveHost).then(connectInTurn, (err: Error) => callback(err, null));
  };

  return new Agent({ connect: connectGuarded });
}

/**
 * One request to a tenant's URL, with the guards above. Resolves with the answer whatever
 * its status (3xx included: never followed); rejects only with a SafeFetchError.
 */
export async function safeFetch(url: string, init: SafeFetchInit = {}, options: SafeFetchOptions = {}): Promise<SafeFetchAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const policy = addressPolicy();

  const target = inspectTargetUrl(url, policy);
  if (!target.ok) throw new SafeFetchError(target.refusedAddress ? "refused_address" : "invalid_url", target.problem);

  // An Agent per call, destroyed at its end, rather than one pool for every call: a socket
  // serves only the request whose check opened it, and an aborted or truncated request
  // leaves nothing behind — undici answers an abort by opening a fresh, never-used
  // connection to the origin (nodejs/undici#5845), which a shared pool would keep. The
  // price is one TCP (and TLS) handshake per request; notifications are few and grouped.
  const dispatcher = createGuardedAgent({ connectTimeoutMs, policy, resolveHost: options.resolveHost });
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  try {
    const headers = new Headers(init.headers);
    if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
    const response = await fetch(target.url.href, {
      method: init.method ?? "POST",
      headers,
      body: init.body,
      redirect: "manual",
      dispatcher,
      signal,
    });
    const answer = await readAnswer(response.body, maxAnswerBytes);
    return { status: response.status, headers: response.headers, ...answer, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    throw asSafeFetchError(err, signal, { timeoutMs, connectTimeoutMs });
  } finally {
    void dispatcher.destroy().catch(() => {});
  }
}

/** The first `maxBytes` of a body, decoded; the rest is cancelled unread (the connection closes). */
async function readAnswer(body: Response["body"], maxBytes: number): Promise<{ body: string; truncated: boolean }> {
  if (body === null) return { body: "", truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
    if (done) break;
    if (value.byteLength > maxBytes - size) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  if (truncated) void reader.cancel().catch(() => {});
  // A character cut at the limit decodes as U+FFFD; U+0000 cannot be stored (lib/text.ts).
  const text = new TextDecoder("utf-8").decode(Buffer.concat(chunks, size));
  return { body: toStorableText(text), truncated };
}

/** Whatever fetch or the body read threw, as the SafeFetchError a caller logs. */
function asSafeFetchError(err: unknown, signal: AbortSignal, limits: { timeoutMs: number; connectTimeoutMs: number }): SafeFetchError {
  if (err instanceof SafeFetchError) return err;
  // Whatever failed once the total time is up failed because of it.
  if (signal.aborted) return new SafeFetchError("timeout", `No complete answer within ${limits.timeoutMs} ms`, { cause: err });
  let deepest: unknown = err;
  for (let cause: unknown = err; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof SafeFetchError) return cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      return new SafeFetchError("connect_timeout", `No connection within ${limits.connectTimeoutMs} ms`, { cause: err });
    }
    deepest = cause;
  }
  const code = (deepest as NodeJS.ErrnoException).code;
  const detail = deepest instanceof Error ? deepest.message : String(deepest);
  return new SafeFetchError("network", code ? `Connection failed: ${code} (${detail})` : `Request failed: ${detail}`, { cause: err });
}
