import { eq, isNotNull, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { needsReseal, open, seal } from "@/lib/secret-box";

/**
 * After an ENCRYPTION_KEY rotation (the new key in ENCRYPTION_KEY, the former one in
 * ENCRYPTION_KEY_PREVIOUS), seals every stored channel secret again under the new key; once
 * a run reports nothing left, the former key can be removed. Run by the retention job.
 */
export async function resealSecrets(db: Db): Promise<{ resealed: number; unreadable: number }> {
  const rows = await db
    .select({ id: channels.id, secret: channels.secret, previousSecret: channels.previousSecret })
    .from(channels)
    .where(or(isNotNull(channels.secret), isNotNull(channels.previousSecret)));
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    const fresh = (value: string | null) => (value && needsReseal(value) ? seal(open(value)) : value);
    let secret: string | null;
    let previousSecret: string | null;
    try {
      secret = fresh(row.secret);
      previousSecret = fresh(row.previousSecret);
    } catch (err) {
      // Sealed under a key that is no longer configured: that channel cannot send until its
      // secret is set again (rotate it, or re-enter the Slack URL); the others carry on.
      unreadable++;
      log.error("a channel secret cannot be opened with the configured keys", { channelId: row.id, err });
      continue;
    }
    if (secret !== row.secret || previousSecret !== row.previousSecret) {
      await db.update(channels).set({ secret, previousSecret }).where(eq(channels.id, row.id));
      resealed++;
    }
  }
  return { resealed, unreadable };
}
