import { randomBase62 } from "@/lib/ids";

/** Top-level paths an organization slug must not shadow (`/[org]` sits beside them). */
const RESERVED = new Set([
  "api", "sign-in", "sign-up", "sign-out", "invite", "new", "settings", "account", "orgs",
  "_next", "static", "public", "favicon.ico", "robots.txt", "health", "docs", "admin",
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "x";
}

export function isReservedSlug(slug: string): boolean {
  return RESERVED.has(slug);
}

/** A second candidate when the first is taken: `acme` → `acme-x7k2`. */
export function withSuffix(slug: string): string {
  return `${slug.slice(0, 40)}-${randomBase62(4).toLowerCase()}`;
}
