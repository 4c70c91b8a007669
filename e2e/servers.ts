import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error -- plain JavaScript module shared with scripts/e2e-server.mjs, without types.
import { createFreshDatabase } from "../scripts/fresh-database.mjs";

/**
 * Another server of the built app beside the suite's, on a fresh database of the same kind
 * (a new database on the server of DATABASE_URL, or a new PGlite directory):
 * - "npm start": scripts/serve.mjs, the Node front door with the fast ingest routes;
 * - "next start": plain Next, where ingest goes through proxy.ts and the app route, as on
 *   serverless hosts.
 */
export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

export async function startAppServer(kind: "npm start" | "next start", port: number, extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "vigil-e2e-door-"));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "error", NEXT_TELEMETRY_DISABLED: "1", ...extraEnv };
  delete env.TRUSTED_PROXY_HOPS;
  let dropDatabase = async () => {};
  // DATABASE_URL: "" in extraEnv asks for PGlite whatever the run uses.
  if (extraEnv.DATABASE_URL === "") delete env.DATABASE_URL;
  else if (process.env.DATABASE_URL && !("DATABASE_URL" in extraEnv)) {
    const database = (await createFreshDatabase(process.env.DATABASE_URL, "vigil_e2e_door")) as { url: string; drop: () => Promise<void> };
    env.DATABASE_URL = database.url;
    dropDatabase = database.drop;
  }
  const args =
    kind === "npm start"
      ? [path.join("scripts", "serve.mjs"), "-p", String(port)]
      : [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)];
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: "ignore" });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${kind} on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
      await dropDatabase().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
