import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createNativeRoutes } from "@/lib/http/native-routes";
import { securityHeaders } from "@/lib/http/security-headers";
// @ts-expect-error -- plain JavaScript module of the npm start server, without types.
import { createFrontDoor } from "@/scripts/front-door.mjs";

type Options = Parameters<typeof createNativeRoutes>[0] & { trustedProxyHops?: number };

/**
 * The Node server of `npm start` (scripts/serve.mjs) for one test file, on a free port:
 * its front door and native routes over a real socket; anything else, which Next would
 * serve, is a 404.
 */
export function useNativeServer(options?: Options): () => string {
  let server: http.Server;
  let origin = "";
  beforeAll(async () => {
    const nativeRouteFor = createNativeRoutes(options);
    const next = (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(404).end();
    server = http.createServer((req, res) => createFrontDoor({ nativeRouteFor, next, origin, hops: options?.trustedProxyHops ?? 0, securityHeaders })(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return () => origin;
}

/**
 * One request over a fresh connection with node:http, answered as a Web Response. Unlike
 * fetch, it reports the server's answer even when the server stops reading the body
 * early (a 413) and the rest of the upload fails.
 */
export function send(url: string, init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: init.method, headers: init.headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers.set(name, value);
        resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode, headers }));
      });
      res.on("error", reject);
    });
    // EPIPE/ECONNRESET after the answer arrived are the early refusal, not a failure.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    req.end(init.body);
  });
}
