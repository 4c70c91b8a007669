/**
 * The project's pages that look up one object by the id in their URL (an incident, a rule)
 * and must answer a missing one — or another tenant's — with a real 404 status.
 *
 * Next.js fixes the status when a response starts streaming, and the project's loading.tsx
 * (app/(dashboard)/[org]/[project]/loading.tsx) starts it as soon as its skeleton can be
 * sent, before a page's lookup has run: notFound() then renders the 404 page with a 200.
 * This route group gives these pages the same project layout without that loading
 * boundary, so the lookup completes before the first byte and a miss is a 404.
 */
export { default } from "@/app/(dashboard)/[org]/[project]/layout";
