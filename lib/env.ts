import ipaddr from "ipaddr.js";
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
   * ranges, each optionally with :port, e.g. `127.0.0.1/32,10.0.0.0/8:8080,[fd00::]/8:443`.
   * Unset: none. The syntax is parseNotifyAllowPrivate's; a wrong entry stops the start.
   */
  NOTIFY_ALLOW_PRIVATE: optionalString.superRefine((value, ctx) => {
    try {
      parseNotifyAllowPrivate(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  }),
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

/** One entry of NOTIFY_ALLOW_PRIVATE: a network, its prefix length, and the only port allowed in it (every port when absent). */
export interface AllowedRange {
  /** The entry as written, for messages. */
  text: string;
  network: ipaddr.IPv4 | ipaddr.IPv6;
  prefixLength: number;
  port?: number;
}

const ALLOWED_RANGE_SYNTAX = "a CIDR range with an optional port, such as 10.0.0.0/8, 127.0.0.1/32:8080 or [fd00::]/8:443";
// IPv4 bare, IPv6 in brackets (its colons would be read as a port otherwise); then /prefix, then :port.
const ALLOWED_RANGE = /^(?:\[([^\]]*)\]|([^[\]/:]+))(?:\/(\d{1,3}))?(?::(\d{1,5}))?$/;

/**
 * NOTIFY_ALLOW_PRIVATE's syntax: entries separated by commas (spaces around them and empty
 * entries ignored), each `ADDRESS[/PREFIX][:PORT]`. IPv4 in dotted decimal (`10.0.0.0/8`);
 * IPv6 in brackets (`[fd00::]/8`, `[::1]:8080`). Without /PREFIX the entry is that one
 * address; without :PORT every port of the range. Host bits after the prefix are ignored
 * (`10.1.2.3/8` is 10.0.0.0/8). IPv4-mapped IPv6 entries are refused: addresses are
 * compared after unwrapping (`[::ffff:10.0.0.1]` is 10.0.0.1), so write the IPv4 range.
 * Throws an Error saying which entry is wrong and why.
 */
export function parseNotifyAllowPrivate(text: string | undefined): AllowedRange[] {
  const ranges: AllowedRange[] = [];
  for (const part of (text ?? "").split(",")) {
    const entry = part.trim();
    if (entry !== "") ranges.push(parseAllowedRange(entry));
  }
  return ranges;
}

function parseAllowedRange(entry: string): AllowedRange {
  const wrong = (why: string) => new Error(`"${entry}" ${why}; each entry must be ${ALLOWED_RANGE_SYNTAX}`);
  const match = ALLOWED_RANGE.exec(entry);
  if (!match) {
    if (entry.split(":").length > 2 && !entry.startsWith("[")) throw wrong("is an IPv6 range without brackets (write [fd00::]/8)");
    throw wrong("is not a range");
  }
  const [, v6, v4, prefixText, portText] = match;
  let network: ipaddr.IPv4 | ipaddr.IPv6;
  if (v6 !== undefined) {
    if (!ipaddr.IPv6.isValid(v6) || v6.includes("%")) throw wrong(`has "${v6}", which is not an IPv6 address`);
    network = ipaddr.IPv6.parse(v6);
    if (network.isIPv4MappedAddress()) throw wrong("is an IPv4-mapped IPv6 range (write the IPv4 range instead)");
  } else {
    // Dotted decimal only (no 0x7f.1, 0177.0.0.1 or 2130706433 here either). Not node:net:
    // this module is bundled for the browser too.
    if (!/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v4)) throw wrong(`has "${v4}", which is not an IPv4 address in dotted decimal`);
    network = ipaddr.IPv4.parse(v4);
  }
  const maxPrefix = network.kind() === "ipv4" ? 32 : 128;
  const prefixLength = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefixLength > maxPrefix) throw wrong(`has the prefix length /${prefixText} (at most /${maxPrefix})`);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) throw wrong(`has the port ${portText} (1 to 65535)`);
  return { text: entry, network, prefixLength, port };
}

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv();
