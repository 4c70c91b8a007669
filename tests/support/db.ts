import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { openPglite, openPostgres, setDbHandle, type Db } from "@/lib/db/client";

/**
 * Installs this run's migrated test database as the app's database for the current test
 * file, so route handlers and lib functions use it exactly as in production.
 * Returns a getter for use inside tests.
 */
export function useTestDatabase(): () => Db {
  let db: Db | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const target = inject("testDatabase");
    const handle =
      target.kind === "postgres"
        ? await openPostgres(target.url, 5)
        : await openPglite(undefined, new Blob([readFileSync(target.templatePath)]));
    setDbHandle(handle);
    db = handle.db;
    close = handle.close;
  });
  afterAll(async () => {
    await close?.();
  });
  return () => {
    if (!db) throw new Error("useTestDatabase(): database not ready (call it at the top of the file)");
    return db;
  };
}
