import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { dataDir } from "@/lib/secrets";
import * as schema from "./schema";
import { processSingleton, processSlot } from "@/lib/process-state";

/**
 * The database, whichever driver backs it: node-postgres against a real server when
 * DATABASE_URL is set, embedded PGlite in DATA_DIR otherwise. Both speak the same
 * Drizzle pg-core API, so `lib/` is written once against `Db`.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

interface Handle {
  db: Db;
  driver: "postgres" | "pglite";
  close: () => Promise<void>;
}

// One process opens one database (PGlite must not be opened twice on one directory).
const handleSlot = processSlot<Promise<Handle>>("db");

// Traced into deployments through outputFileTracingIncludes in next.config.mjs.
export const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

/** Opens (once) and migrates the configured database. Never called at import time. */
export function getDb(): Promise<Db> {
  return getHandle().then((h) => h.db);
}

export function getHandle(): Promise<Handle> {
  let handle = handleSlot.get();
  if (!handle) {
    handle = openConfiguredDatabase().catch((err) => {
      handleSlot.set(undefined); // let the next request retry instead of caching the failure
      throw err;
    });
    handleSlot.set(handle);
  }
  return handle;
}

// Per process like the handle: the bundle that opened the database is rarely the one asking.
const drivers = processSingleton("db-drivers", () => new WeakMap<Db, Handle["driver"]>());

/** Which engine a handle talks to (PGlite is single-connection; some callers size work by it). */
export function driverOf(db: Db): Handle["driver"] {
  return drivers.get(db) ?? "postgres";
}

/** Tests open their own database (a migrated template) and install it here. */
export function setDbHandle(handle: Handle): void {
  handleSlot.set(Promise.resolve(handle));
}

async function openConfiguredDatabase(): Promise<Handle> {
  const handle = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE)
    : await openPglite(path.join(dataDir(), "pglite"));
  await migrateHandle(handle, env.DATABASE_URL);
  return handle;
}

export async function openPostgres(url: string, max = 10, applicationName = "vigil"): Promise<Handle> {
  // node-postgres rather than postgres.js: postgres.js 3.4.9 can throw from a timer when a
  // connection drops mid-write (porsager/postgres#1154, #1208), which no caller can catch and
  // which takes the whole server down; pg rejects the query in flight instead.
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max, application_name: applicationName, connectionTimeoutMillis: 10_000 });
  // A connection killed by the server emits 'error': on the pool while idle, on the client
  // while checked out (e.g. between two statements of a transaction). Unheard, either is an
  // uncaught exception; heard, the client's next query is rejected and the pool replaces it.
  pool.on("error", (err) => log.warn("idle database connection lost", { err }));
  pool.on("connect", (client) => {
    client.on("error", (err) => log.warn("database connection lost", { err }));
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  // drizzle-orm 0.45 runs a pool transaction's BEGIN before its try/finally, so a connection
  // lost at BEGIN is never released: after `max` such losses the pool is exhausted and every
  // request waits for the connect timeout. Run transactions on a client checked out here and
  // always hand it back (pg-pool discards a client whose connection broke).
  // One drizzle instance per pooled connection: building one walks the whole schema.
  const onClient = new WeakMap<object, Db>();
  const transaction = async (...[fn, config]: Parameters<Db["transaction"]>) => {
    const client = await pool.connect();
    try {
      let clientDb = onClient.get(client);
      if (!clientDb) onClient.set(client, (clientDb = drizzle(client, { schema }) as unknown as Db));
      return await clientDb.transaction(fn, config);
    } finally {
      client.release();
    }
  };
  const handle: Handle = { db: Object.assign(db, { transaction }) as Db, driver: "postgres", close: () => pool.end() };
  drivers.set(handle.db, "postgres");
  return handle;
}

/** `dir` undefined → in-memory. `loadDataDir` → start from a dumped (migrated) template. */
export async function openPglite(dir?: string, loadDataDir?: Blob): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dir) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir, loadDataDir ? { loadDataDir } : undefined);
  const db = drizzle(client, { schema }) as unknown as Db;
  drivers.set(db, "pglite");
  return { db, driver: "pglite", close: () => client.close() };
}

/**
 * Applies pending migrations. On PostgreSQL several replicas may start at once, so the
 * migration runs under an advisory lock on its own connection.
 */
export async function migrateHandle(handle: Handle, url?: string): Promise<void> {
  const started = Date.now();
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { Client } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // One dedicated session: the advisory lock belongs to the connection that took it.
    const client = new Client({ connectionString: url, application_name: "vigil-migrate" });
    await client.connect();
    try {
      await client.query("select pg_advisory_lock(7424317)");
      await migrate(drizzle(client), { migrationsFolder });
      await client.query("select pg_advisory_unlock(7424317)");
    } finally {
      await client.end();
    }
  }
  log.info("database ready", { driver: handle.driver, migrateMs: Date.now() - started });
}
