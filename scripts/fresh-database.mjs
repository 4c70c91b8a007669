// A fresh, empty database on the PostgreSQL server of `serverUrl`, for a server the browser
// tests start (scripts/e2e-server.mjs, e2e/servers.ts); `drop` removes it again.
import pg from "pg";

/** @returns {Promise<{ url: string, drop: () => Promise<void> }>} */
export async function createFreshDatabase(serverUrl, prefix) {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
