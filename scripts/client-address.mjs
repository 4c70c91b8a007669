// The client's address as the front door of `npm start` (scripts/serve.mjs) determines it,
// before Next or a native route sees the request. Plain JavaScript: serve.mjs cannot
// import TypeScript. Tested by lib/http/client-address.test.ts.
import { serverVariable } from "../lib/server-env.mjs";

/**
 * TRUSTED_PROXY_HOPS: how many proxies (load balancers, CDNs) the operator runs in front
 * of this server, each appending the address it received the request from to
 * X-Forwarded-For. 0 (the default): no proxy, the socket's peer is the client, and any
 * X-Forwarded-For the client sent is its own invention. Defined in lib/server-env.mjs.
 */
export function trustedProxyHops(value = process.env.TRUSTED_PROXY_HOPS) {
  return serverVariable("TRUSTED_PROXY_HOPS", value);
}

/**
 * The chain is every X-Forwarded-For entry, then the socket's peer. Each trusted proxy
 * added one entry at the right; the entry just left of them is what the outermost trusted
 * proxy saw — the client. Entries further left were written by the client and are ignored.
 * With fewer entries than hops, the leftmost is the best there is.
 */
export function clientAddress(forwardedFor, socketAddress, hops) {
  const chain = [];
  if (hops > 0 && forwardedFor) {
    for (const part of forwardedFor.split(",")) {
      const entry = part.trim();
      if (entry) chain.push(entry);
    }
  }
  chain.push(socketAddress || "unknown");
  const address = chain[Math.max(0, chain.length - 1 - hops)];
  // ::ffff:203.0.113.7 is an IPv4 client on a dual-stack socket: one client, one budget.
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * Rewrites a node:http request's forwarding headers so that everything behind the front
 * door reads only the client address it can trust: X-Forwarded-For becomes that one
 * address, and X-Real-IP (which no proxy of ours sets) is dropped. X-Forwarded-Host and
 * -Proto are left alone: they only shape URLs in the answer to the very client that sent
 * them, and Next's own internal requests (the page it renders after a server action's
 * redirect) rely on them to carry the browser's host.
 */
export function normalizeForwardedHeaders(req, hops) {
  const client = clientAddress(headerValue(req.headers["x-forwarded-for"]), req.socket.remoteAddress, hops);
  const dropped = new Set(["x-forwarded-for", "x-real-ip"]);
  for (const name of dropped) delete req.headers[name];
  req.headers["x-forwarded-for"] = client;
  const raw = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!dropped.has(req.rawHeaders[i].toLowerCase())) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  raw.push("X-Forwarded-For", client);
  req.rawHeaders = raw;
}

function headerValue(value) {
  return Array.isArray(value) ? value.join(",") : value;
}
