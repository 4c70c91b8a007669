import type { WindowParams } from "@/lib/analytics/window";

/** "last 24h", or the custom bounds in UTC (the same text on the server and in the browser). */
export function windowLabel(params: WindowParams): string {
  if ("range" in params) return `last ${params.range}`;
  const at = (v: string) => new Date(/^\d+$/.test(v) ? Number(v) : v).toISOString().slice(0, 16).replace("T", " ");
  return `${at(params.from)} – ${at(params.to)} UTC`;
}

/** The window as a query string, so links to other pages and details keep it. */
export function windowSearch(params: WindowParams): string {
  return new URLSearchParams(params as Record<string, string>).toString();
}
