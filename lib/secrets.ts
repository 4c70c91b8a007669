import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * Secrets the embedded setup generates on first start and keeps in DATA_DIR, so that a
 * fresh `npm start` needs no configuration and sessions survive restarts. Values given in
 * the environment always win.
 */
export interface Secrets {
  authSecret: string;
  cronSecret: string;
  /** AES-256-GCM key of secrets stored in the database (channel secrets): 32 bytes, base64. */
  encryptionKey: string;
}

let cached: Secrets | undefined;

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.DATA_DIR);
}

export function getSecrets(): Secrets {
  if (cached) return cached;
  if (env.AUTH_SECRET && env.CRON_SECRET && env.ENCRYPTION_KEY) {
    cached = { authSecret: env.AUTH_SECRET, cronSecret: env.CRON_SECRET, encryptionKey: env.ENCRYPTION_KEY };
    return cached;
  }
  const file = path.join(dataDir(), "secrets.json");
  let stored: Partial<Secrets> = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  } catch {
    // first start: nothing stored yet
  }
  const generated: Secrets = {
    authSecret: stored.authSecret ?? randomBytes(32).toString("base64url"),
    cronSecret: stored.cronSecret ?? randomBytes(32).toString("base64url"),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString("base64"),
  };
  if (!stored.authSecret || !stored.cronSecret || !stored.encryptionKey) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
  }
  cached = {
    authSecret: env.AUTH_SECRET ?? generated.authSecret,
    cronSecret: env.CRON_SECRET ?? generated.cronSecret,
    encryptionKey: env.ENCRYPTION_KEY ?? generated.encryptionKey,
  };
  return cached;
}
