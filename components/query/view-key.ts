/**
 * Query keys shared by the server prefetch and the client hooks: a page hydrates only if
 * both build the same key, so both build it here.
 */
export type ViewName =
  | "overview"
  | "functions"
  | "requests"
  | "issues"
  | "logs"
  | "deployments"
  | "vitals"
  | "alert-rules"
  | "alert-rule-presets"
  | "alerts"
  | "alerts/firing";
export type ViewParams = Record<string, string | undefined>;

export function projectViewKey(projectId: string, view: ViewName, params: ViewParams) {
  const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return ["project", projectId, view, defined] as const;
}
