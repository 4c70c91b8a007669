import { z } from "zod";
import { serverVariables } from "./server-env.mjs";

/**
 * Every environment variable Vigil reads, validated once. Defaults give the embedded,
 * zero-configuration setup (PGlite in ./.data, in-memory rate limits, generated secrets).
 * Nothing else in the code base reads `process.env`.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: optionalString,
  /** Where the embedded database and generated secrets live. */
  DATA_DIR: z.string().default(".data"),
  /** Max connections per app instance to PostgreSQL. */
  DATABASE_POOL_SIZE: positiveInt(10),
  /** Signs session tokens. Unset: generated on first start and kept in DATA_DIR. */
  AUTH_SECRET: optionalString,
  /** Public URL of the app, used in links (invitations, DSNs). Unset: taken from the request. */
  APP_URL: optionalString.pipe(z.url().optional()),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  UPSTASH_REDIS_REST_URL: optionalString.pipe(z.url().optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  RATE_LIMIT_INGEST_PER_MINUTE: positiveInt(1200),
  RATE_LIMIT_API_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt(10),
  /** Milliseconds the limiter waits for Upstash before applying its failure policy. */
  RATE_LIMIT_TIMEOUT_MS: positiveInt(300),
  /** Bearer secret of the cron routes. Unset: generated and kept in DATA_DIR. */
  CRON_SECRET: optionalString,
  /**
   * AES-256-GCM key (32 bytes, base64) for secrets stored in the database: webhook signing
   * secrets, Slack URLs. Unset: generated and kept in DATA_DIR. Set it in production.
   */
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes in base64 (openssl rand -base64 32)")
      .optional(),
  ),
  /** Former ENCRYPTION_KEYs (comma-separated), still accepted for reading during a rotation. */
  ENCRYPTION_KEY_PREVIOUS: optionalString,
  /** Where e-mail notifications are sent through: smtp://user:pass@host:587 or smtps://…:465. Unset: e-mail channels cannot send. */
  SMTP_URL: optionalString.pipe(z.url().refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://").optional()),
  /** The From of notification e-mails. */
  MAIL_FROM: z.string().default("Vigil <alerts@vigil.localhost>"),
  /**
   * Private networks notification targets may reach (self-hosting): comma-separated CIDR
   * ranges, each optionally with :port, e.g. `127.0.0.1/32,10.0.0.0/8:8080`. Unset: none.
   */
  NOTIFY_ALLOW_PRIVATE: optionalString,
  /** Run cron jobs in-process (`npm start`). Off on Vercel, where vercel.json schedules them. */
  IN_PROCESS_SCHEDULER: z.enum(["on", "off", "auto"]).default("auto"),
  /*
   * TRUSTED_PROXY_HOPS, WEB_CONCURRENCY, PORT, HOSTNAME: the server of `npm start`
   * (scripts/serve.mjs) reads them before the app — and this module — loads, with the
   * same definitions (lib/server-env.mjs, plain JavaScript so that serve.mjs can import it).
   */
  ...serverVariables,
  /** Set by Vercel itself. */
  VERCEL: optionalString,
  SENTRY_DSN: optionalString,
  NEXT_PUBLIC_SENTRY_DSN: optionalString,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Shown by /api/health. */
  VIGIL_VERSION: optionalString,
});

export type Env = z.infer<typeof envSchema>;

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv();
