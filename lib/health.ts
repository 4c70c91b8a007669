import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import packageJson from "@/package.json";

export interface HealthReport {
  status: "ok" | "degraded";
  db: "ok" | "unavailable";
  version: string;
}

/** Liveness of the parts a request needs: today, the database. */
export async function checkHealth(): Promise<HealthReport> {
  const version = env.VIGIL_VERSION ?? packageJson.version;
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return { status: "ok", db: "ok", version };
  } catch (err) {
    log.error("health check failed", { err });
    return { status: "degraded", db: "unavailable", version };
  }
}
