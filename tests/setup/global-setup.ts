import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { migrateHandle, openPglite, openPostgres } from "@/lib/db/client";
import { redisForTests } from "../support/redis";
// @ts-expect-error -- plain JavaScript module shared with `npm start`, without types.
import { buildStatus, nextBuild } from "../../scripts/next-build.mjs";

/**
 * Migrates once per run. With DATABASE_URL: a fresh database on that server, dropped at
 * the end. Without: an in-memory PGlite, migrated and dumped to a file that every test
 * file loads as its starting point (PGlite cannot be shared between processes).
 * Builds the app first when there is no build: tests/support/next-server.ts serves it.
 */
declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "postgres"; url: string } | { kind: "pglite"; templatePath: string };
    /** The Redis behind the Upstash REST shim, and whether the tests that need it run. */
    testRedis: { url: string; run: boolean };
  }
}

export default async function setup(project: TestProject) {
  ensureBuild();
  project.provide("testRedis", await redisForTests());
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `vigil_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = await openPostgres(serverUrl, 1);
    await admin.db.execute(sql.raw(`create database "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), 1);
    await migrateHandle(handle, url.toString());
    await handle.close();
    project.provide("testDatabase", { kind: "postgres", url: url.toString() });
    return async () => {
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    };
  }
  const handle = await openPglite();
  await migrateHandle(handle);
  const client = (handle.db as unknown as { $client: { dumpDataDir: (c: "none") => Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("none");
  const templatePath = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-template-")), "template.tar");
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("testDatabase", { kind: "pglite", templatePath });
}

/**
 * The tests through plain `next start` (tests/support/next-server.ts) serve the production
 * build, not the sources vitest compiles. `npm test` builds just before; `npx vitest run`
 * alone builds when there is no build, and only warns when it is older than the sources:
 * rebuilding after every edit would make each run of any test file wait for `next build`.
 */
function ensureBuild() {
  const status = buildStatus();
  if (status === "missing") {
    console.log("No production build (.next/BUILD_ID): running `next build` for the tests through `next start`…");
    const code = nextBuild();
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  } else if (status === "stale") {
    console.warn("Note: the production build is older than the sources; tests through `next start` serve it as it is. `npm run build` to refresh.");
  }
}
