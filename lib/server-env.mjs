// The variables the server of `npm start` (scripts/serve.mjs) reads before the app — and
// lib/env.ts — loads: to fork, to listen, and to rewrite forwarding headers. Plain
// JavaScript because serve.mjs cannot import TypeScript; lib/env.ts takes these
// definitions into its schema, so it stays the one list of Vigil's variables and the app
// reads each of them exactly as serve.mjs did. Types: server-env.d.mts.
import { z } from "zod";

/** A whole number in [min, max], with one message for every way a value can miss it. */
function wholeNumber(min, max, meaning) {
  const error = `must be a whole number ${max === undefined ? `≥ ${min}` : `from ${min} to ${max}`} (${meaning})`;
  const number = z.coerce.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? number : number.max(max, { error });
}

export const serverVariables = {
  /** Proxies in front of `npm start` whose X-Forwarded-For entries are trusted (scripts/client-address.mjs). */
  TRUSTED_PROXY_HOPS: wholeNumber(0, 10, "proxies in front of Vigil").default(0),
  /** Server processes of `npm start` on one port (PostgreSQL only). */
  WEB_CONCURRENCY: wholeNumber(1, undefined, "processes").default(1),
  /** Port of `npm start` (its `-p` wins). */
  PORT: wholeNumber(1, 65_535, "a TCP port").default(3000),
  /** Address `npm start` listens on (its `-H` wins); 0.0.0.0: every interface. */
  HOSTNAME: z
    .string()
    .trim()
    .transform((v) => v || "0.0.0.0")
    .default("0.0.0.0"),
};

/**
 * One of the variables above, read as the app reads it; throws an Error that names the
 * variable, what it must be, and the value given.
 */
export function serverVariable(name, value = process.env[name]) {
  const parsed = serverVariables[name].safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`${name} ${parsed.error.issues[0].message}; got "${value}".`);
}
