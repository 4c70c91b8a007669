/** Display formats of the Deployments pages; inputs are the API's JSON (ISO strings, ms). */

/** 95_000 → "1m 35s": deployments take minutes, where "95.00 s" reads badly. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3_600)}h ${Math.floor((s % 3_600) / 60)}m`;
}

/** UTC and fixed-format, so server and browser render the same text; `zone: false` leaves " UTC" to a column header. */
export function formatWhen(iso: string | null, zone = true): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")}${zone ? " UTC" : ""}` : "—";
}

export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 7) : "—";
}

/** Telemetry is client-sent: only http(s) URLs become links (never `javascript:` and the like). */
export function safeHref(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** The list page's URL state: its window (a preset or custom bounds) and filters. */
export interface DeploymentsViewState {
  range?: string;
  from?: string;
  to?: string;
  status?: string;
  environment?: string;
  branch?: string;
  cursor?: string;
}

/** The list page's URL for a view state; empty values are left out so links stay short. */
export function deploymentsHref(basePath: string, state: DeploymentsViewState): string {
  const query = new URLSearchParams(Object.entries(state).filter(([, v]) => v) as [string, string][]);
  return `${basePath}?${query}`;
}

export function deploymentHref(basePath: string, deploymentId: string): string {
  return `${basePath}/${encodeURIComponent(deploymentId)}`;
}
