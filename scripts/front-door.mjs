// The request listener of `npm start` (scripts/serve.mjs), shared with the tests so that
// they exercise the same front door: forwarding headers made trustworthy first, then the
// routes answered before Next (lib/http/native-routes.ts), then Next for everything else.
import { normalizeForwardedHeaders } from "./client-address.mjs";

/**
 * @param {{
 *   nativeRouteFor: (req: import("node:http").IncomingMessage) => ((req, res, origin: string) => Promise<void>) | null,
 *   next: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown,
 *   origin: string,
 *   hops: number,
 *   securityHeaders?: () => Record<string, string>,
 * }} options
 */
export function createFrontDoor({ nativeRouteFor, next, origin, hops, securityHeaders = () => ({}) }) {
  const problem = (res, status, title, detail, headers = {}) => answerProblem(res, status, title, detail, { ...securityHeaders(), ...headers });
  return (req, res) => {
    // Only origin-form targets ("/path?query"): Next answers `*` with a text/plain 500 and
    // redirects an absolute-form target ("http://elsewhere/x") to that other host.
    if (!req.url?.startsWith("/")) return void problem(res, 400, "Bad request", "The request target must be a path starting with /.");
    // Node parses methods Next cannot turn into a Request (TRACE, TRACK): Next answers them
    // with a text/plain 500 before proxy.ts, which refuses the other unserved ones.
    if (!SERVED_METHODS.includes(req.method)) return void problem(res, 405, "Method not allowed", `Use ${SERVED_METHODS.join(" or ")} on this path.`, { allow: SERVED_METHODS.join(", ") });
    // Before anything reads them: per-IP limits, and the origin Auth.js and links are built on.
    normalizeForwardedHeaders(req, hops);
    const native = nativeRouteFor(req);
    if (!native) return void next(req, res);
    native(req, res, origin).catch((err) => {
      console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), msg: "native route failed", err: String(err?.stack ?? err) }));
      if (res.headersSent) return void res.end();
      problem(res, 500, "Internal server error", "Something went wrong on our side.");
    });
  };
}

/** The methods Next serves (proxy.ts has the same list). */
const SERVED_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

function answerProblem(res, status, title, detail, headers) {
  const type = `https://vigil.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  res.writeHead(status, { ...headers, "content-type": "application/problem+json", "x-content-type-options": "nosniff", connection: "close" });
  res.end(JSON.stringify({ type, title, status, detail }));
}
