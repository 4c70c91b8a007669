import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniform random base62 string (rejection sampling, so no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Opaque ids with a readable prefix: `org_…`, `prj_…`. 16 base62 chars ≈ 95 bits. */
export function newId(prefix: "usr" | "org" | "prj" | "key" | "inv" | "aud" | "rul" | "inc" | "chn" | "dlv" | "ntf" | "att"): string {
  return `${prefix}_${randomBase62(16)}`;
}
