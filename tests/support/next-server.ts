import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import next from "next";
import { afterAll, beforeAll } from "vitest";

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/**
 * The built app as plain `next start` serves it (and as serverless hosts run it), for one
 * test file, on a free port: Next's request handler on a bare node:http server, with no
 * front door, so every request goes through proxy.ts and the app routes.
 *
 * Next runs in this test process, so it uses the test's database: the handle lives in a
 * process slot (lib/db/client.ts) that useTestDatabase() fills in its beforeAll, before
 * `prepare()` runs instrumentation.ts. Call useTestDatabase() first. Needs a production
 * build (.next/BUILD_ID), which the vitest global setup makes when it is missing.
 */
export function useNextServer(): () => string {
  let server: http.Server | undefined;
  let app: ReturnType<typeof next> | undefined;
  let origin = "";
  beforeAll(async () => {
    // Listen first: Next is told the port it serves, as `next start -p` tells it.
    server = http.createServer();
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    app = next({ dev: false, dir: repoRoot, hostname: "127.0.0.1", port });
    await app.prepare();
    const handle = app.getRequestHandler();
    server.on("request", (req, res) => void handle(req, res));
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    await app?.close();
  });
  return () => origin;
}
