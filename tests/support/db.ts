import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { openPglite, openPostgres, setDbHandle, type Db } from "@/lib/db/client";

let fileDatabaseUrl: string | undefined;

/**
 * This test file's own PostgreSQL database: a copy of the run's migrated database
 * (`create database … template …`), dropped after the file. Files run two at a time, and
 * jobs like the alert tick and the dispatcher work on every project of their database: one
 * database per file keeps one file's ticks off another file's rules — as PGlite, one
 * in-memory copy per file, always did.
 */
async function createFileDatabase(templateUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = new URL(templateUrl);
  const templateName = template.pathname.slice(1);
  const name = `${templateName}_f${randomBytes(4).toString("hex")}`;
  const adminUrl = new URL(templateUrl);
  adminUrl.pathname = "/postgres";
  const admin = await openPostgres(adminUrl.toString(), 1, "vigil-test-admin");
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.db.execute(sql.raw(`create database "${name}" template "${templateName}"`));
      break;
    } catch (err) {
      // Another file's copy in flight holds the template for a moment: try again.
      if (attempt >= 20 || !/being accessed by other users/.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    },
  };
}

/** The current file's PostgreSQL URL (after useTestDatabase's beforeAll), for tests that open their own connections. */
export function testDatabaseUrl(): string {
  if (!fileDatabaseUrl) throw new Error("testDatabaseUrl(): only on PostgreSQL, after useTestDatabase() set up");
  return fileDatabaseUrl;
}

/**
 * Installs a migrated test database as the app's database for the current test file, so
 * route handlers and lib functions use it exactly as in production.
 * Returns a getter for use inside tests.
 */
export function useTestDatabase(): () => Db {
  let db: Db | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const target = inject("testDatabase");
    if (target.kind === "postgres") {
      const file = await createFileDatabase(target.url);
      fileDatabaseUrl = file.url;
      const handle = await openPostgres(file.url, 5);
      setDbHandle(handle);
      db = handle.db;
      close = async () => {
        await handle.close();
        await file.drop();
      };
    } else {
      const handle = await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
      setDbHandle(handle);
      db = handle.db;
      close = handle.close;
    }
  });
  afterAll(async () => {
    await close?.();
  });
  return () => {
    if (!db) throw new Error("useTestDatabase(): database not ready (call it at the top of the file)");
    return db;
  };
}
