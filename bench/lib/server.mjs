// Starts the production build for a benchmark and talks to it over loopback: the server of
// `npm start` (scripts/serve.mjs), or plain `next start` to compare with.
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";

/**
 * Spawns `node scripts/serve.mjs -p <port>` with the node flags of `npm start` (or, with `nextStart`, `next start -p <port>`) in `root` with `env` added to ours, waits until
 * /api/health answers 200 (up to a minute), and returns a keep-alive client for it.
 * `nodeArgs` go to the server's node (e.g. --cpu-prof).
 */
export async function startNextServer({ root, port, env, nodeArgs = [], nextStart = false }) {
  const entry = nextStart ? [path.join(root, "node_modules/next/dist/bin/next"), "start"] : [path.join(root, "scripts/serve.mjs")];
  // The flags of `npm start` for its server; `next start` runs as Next ships it.
  const flags = nextStart ? [] : SERVER_NODE_FLAGS;
  const server = spawn(process.execPath, [...flags, ...nodeArgs, ...entry, "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  /** One request; resolves with the status once the body has been read. `timeoutMs` aborts it (rejecting with code ETIMEDOUT). */
  function request(method, urlPath, body, headers = {}, { timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      });
      req.on("error", reject);
      if (timeoutMs) {
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      }
      if (body) req.end(body);
      else req.end();
    });
  }

  /**
   * Next finishes in-flight requests on SIGTERM and keeps serving kept-alive sockets, so
   * the client's sockets are closed too, and after 10 s the server is killed outright.
   */
  async function stop() {
    server.kill("SIGTERM");
    agent.destroy();
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  for (let i = 0; ; i++) {
    if (i > 300) {
      await stop();
      throw new Error("server did not start");
    }
    const status = await request("GET", "/api/health").catch(() => 0);
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `http://127.0.0.1:${port}`, pid: server.pid, request, stop };
}
