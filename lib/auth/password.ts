import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1.
 * (Algorithm.Argon2id is 2 in @node-rs/argon2; the const enum is not importable under isolatedModules.)
 */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash is a failed check, not a crash
  }
}

let dummyHash: Promise<string> | undefined;
/** Verifies against a throwaway hash so an unknown e-mail costs as much as a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("vigil-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
