import { withSentryConfig } from "@sentry/nextjs/config";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a WASM build of Postgres that must be loaded from node_modules at run
  // time; bundling it breaks `next build`. argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  // Migrations are read from disk at start; serverless deployments must ship them.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  poweredByHeader: false,
  // Sentry SDKs post to `/api/{ref}/envelope/` and do not follow Next's 308 to the
  // slash-less path; proxy.ts redirects every other trailing-slash path as Next would.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
};

// A no-op at run time without SENTRY_DSN; no source maps are uploaded without an auth token.
export default withSentryConfig(nextConfig, { silent: true, telemetry: false });
