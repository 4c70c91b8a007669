import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { storableString } from "@/lib/text";
import type { Db } from "@/lib/db/client";
import { accounts, users, type User } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { checkLimit, policies, type RateLimiter } from "@/lib/ratelimit";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address").max(254));

export const signUpInput = z.object({
  name: storableString().trim().max(100, "At most 100 characters").optional().or(z.literal("").transform(() => undefined)),
  email: emailSchema,
  password: z.string().min(8, "At least 8 characters").max(200, "At most 200 characters"),
});

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

export async function registerUser(db: Db, input: z.input<typeof signUpInput>): Promise<User> {
  const { name, email, password } = signUpInput.parse(input);
  const passwordHash = await hashPassword(password);
  const [user] = await db
    .insert(users)
    .values({ id: newId("usr"), email, name: name ?? null, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) {
    throw new ConflictError("An account with this e-mail already exists.", [
      { pointer: "/email", message: "An account with this e-mail already exists; sign in instead" },
    ]);
  }
  return user;
}

export type CredentialCheck =
  | { outcome: "ok"; user: User }
  | { outcome: "invalid" }
  | { outcome: "throttled"; retryAfterSeconds: number };

/**
 * Checks an e-mail and password. Every failed attempt counts against the e-mail's budget,
 * whatever IP it comes from (a successful sign-in costs nothing); once it is spent, even the
 * right password waits. Fails closed when the limiter's store is down. An unknown e-mail
 * and a wrong password give the same answer and cost the same time.
 * (Concurrent attempts may each pass the look before any is counted: at most a handful
 * over the budget, which the per-IP limit in the proxy also bounds.)
 */
export async function verifyCredentials(
  db: Db,
  limiter: RateLimiter,
  input: { email: string; password: string },
): Promise<CredentialCheck> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return { outcome: "invalid" };
  const { email, password } = parsed.data;
  const budget = await checkLimit(limiter, policies.authByEmail, email, "peek");
  if (budget.outcome !== "allowed") return { outcome: "throttled", retryAfterSeconds: budget.retryAfterSeconds };
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  let valid = false;
  if (user?.passwordHash) valid = await verifyPassword(user.passwordHash, password);
  else await burnPasswordCheck(password);
  if (valid && user) return { outcome: "ok", user };
  await checkLimit(limiter, policies.authByEmail, email, "hit");
  return { outcome: "invalid" };
}

/**
 * Finds or creates the user behind an OAuth identity. A verified e-mail that already has
 * an account is linked to it, so signing in with GitHub reaches the same organizations.
 */
export async function upsertOAuthUser(
  db: Db,
  identity: { provider: string; providerAccountId: string; email: string; name?: string | null; image?: string | null },
): Promise<User> {
  return db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: users })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)))
      .limit(1);
    if (linked) return linked.user;
    const email = identity.email.trim().toLowerCase();
    let [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ id: newId("usr"), email, name: identity.name ?? null, image: identity.image ?? null })
        .returning();
    }
    await tx
      .insert(accounts)
      .values({ provider: identity.provider, providerAccountId: identity.providerAccountId, userId: user.id })
      .onConflictDoNothing();
    return user;
  });
}
