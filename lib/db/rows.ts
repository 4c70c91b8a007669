import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Runs a raw statement and returns its rows, whatever the driver answers (node-postgres and
 * PGlite: an object with `rows`; an array-like result is accepted too).
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
