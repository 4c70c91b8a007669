import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getRateLimiter } from "@/lib/ratelimit";
import { getSecrets } from "@/lib/secrets";
import { upsertOAuthUser, verifyCredentials } from "./users";

/** Shown to the user as-is through the `code` of the redirect: says nothing about the account. */
class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

export const githubEnabled = Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);

/** The providers' ids, as they appear in /api/auth/signin/{id} and /callback/{id}. */
export const providerIds: readonly string[] = githubEnabled ? ["credentials", "github"] : ["credentials"];

/**
 * Auth.js errors that a client's request causes — a tampered or stale session cookie, a
 * missing CSRF token, an unknown action, a cancelled OAuth sign-in — logged as warnings:
 * anyone can send them, and an error line should mean something is wrong with Vigil.
 */
const REFUSED_REQUESTS = new Set(["JWTSessionError", "MissingCSRF", "UnknownAction", "InvalidCheck", "InvalidCallbackUrl", "InvalidProvider", "Verification", "AccessDenied", "OAuthCallbackError"]);

function buildConfig(): NextAuthConfig {
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const result = await verifyCredentials(await getDb(), getRateLimiter(), {
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
        });
        if (result.outcome === "throttled") throw new SignInThrottled();
        if (result.outcome === "invalid") return null;
        return { id: result.user.id, email: result.user.email, name: result.user.name };
      },
    }),
  ];
  if (githubEnabled) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  return {
    // The lazy form keeps the database and the secret file untouched during `next build`.
    secret: getSecrets().authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // Auth.js's own logs go to our JSON lines; a refused password is routine, not an error.
    logger: {
      error(error) {
        // Class names are minified in the build: compare Auth.js's error `type` instead.
        const type = (error as { type?: string }).type;
        if (type === "CredentialsSignin") {
          log.info("sign-in refused", { code: (error as CredentialsSignin).code });
        } else if (type && REFUSED_REQUESTS.has(type)) {
          log.warn("auth request refused", { type, message: error.message.slice(0, 200) });
        } else {
          log.error("auth error", { err: error });
        }
      },
      warn(code) {
        log.warn("auth warning", { code });
      },
      debug() {},
    },
    providers,
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "github" && profile?.email) {
          const linked = await upsertOAuthUser(await getDb(), {
            provider: "github",
            providerAccountId: account.providerAccountId,
            email: profile.email,
            name: typeof profile.name === "string" ? profile.name : null,
            image: typeof profile.avatar_url === "string" ? profile.avatar_url : null,
          });
          token.sub = linked.id;
          token.email = linked.email;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
