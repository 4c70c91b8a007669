import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { getSecrets } from "@/lib/secrets";

/**
 * Secrets kept in the database (webhook signing secrets, Slack URLs) are sealed with
 * AES-256-GCM under ENCRYPTION_KEY: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The
 * key id (8 hex characters of the key's SHA-256) says which key sealed a value, so during a
 * rotation values sealed under a key of ENCRYPTION_KEY_PREVIOUS still open, and
 * `needsReseal` finds them for the retention job to seal again under the current key.
 */
interface Key {
  id: string;
  bytes: Buffer;
}

function keyOf(base64: string): Key {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

let keys: { current: Key; all: Map<string, Key> } | undefined;

/** The keys in force: ENCRYPTION_KEY (or the generated one) and ENCRYPTION_KEY_PREVIOUS. */
export function useKeys(current: string, previous: string[] = []): void {
  const now = keyOf(current);
  keys = { current: now, all: new Map([now, ...previous.map(keyOf)].map((k) => [k.id, k])) };
}

function loadKeys() {
  if (!keys) useKeys(getSecrets().encryptionKey, (env.ENCRYPTION_KEY_PREVIOUS ?? "").split(",").map((k) => k.trim()).filter(Boolean));
  return keys!;
}

export function seal(plaintext: string): string {
  const { current } = loadKeys();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", current.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The plaintext of a sealed value; throws when no configured key sealed it or it was altered. */
export function open(sealed: string): string {
  const [version, id, iv, tag, ciphertext] = sealed.split(".");
  const key = loadKeys().all.get(id);
  if (version !== "v1" || !key || ciphertext === undefined) throw new Error("sealed secret: unknown format or key (is ENCRYPTION_KEY the key it was sealed with?)");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** Sealed under a former key: seal it again under the current one. */
export function needsReseal(sealed: string): boolean {
  return sealed.split(".")[1] !== loadKeys().current.id;
}
