import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { migrateHandle, openPglite, openPostgres } from "@/lib/db/client";
import { redisForTests } from "../support/redis";

/**
 * Migrates once per run. With DATABASE_URL: a fresh database on that server, dropped at
 * the end. Without: an in-memory PGlite, migrated and dumped to a file that every test
 * file loads as its starting point (PGlite cannot be shared between processes).
 */
declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "postgres"; url: string } | { kind: "pglite"; templatePath: string };
    /** The Redis behind the Upstash REST shim, and whether the tests that need it run. */
    testRedis: { url: string; run: boolean };
  }
}

export default async function setup(project: TestProject) {
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
