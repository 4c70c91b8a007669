/** One example event per telemetry type, as a user would send it (API.md's ingest body). */
export const SAMPLE_EVENTS = {
  deployment: { type: "deployment", deploymentId: "dpl_123", status: "succeeded", branch: "main", commitSha: "a1b2c3d", durationMs: 48000 },
  invocation: { type: "invocation", functionName: "api/checkout", durationMs: 182, status: "success", coldStart: false, region: "fra1" },
  request: { type: "request", method: "GET", route: "/api/users/[id]", statusCode: 200, durationMs: 42 },
  error: { type: "error", name: "TypeError", message: "Cannot read properties of undefined", route: "/api/users/[id]" },
  log: { type: "log", level: "info", message: "checkout completed", attributes: { orderId: "ord_42" } },
  vital: { type: "vital", name: "LCP", value: 1850, route: "/" },
} as const;

export type TelemetryType = keyof typeof SAMPLE_EVENTS;

export function ingestCurl(origin: string, types: TelemetryType[]): string {
  // One event per line: short enough to read, valid JSON to paste.
  const body = `{ "events": [\n${types.map((t) => `    ${JSON.stringify(SAMPLE_EVENTS[t])}`).join(",\n")}\n  ] }`;
  return `curl -X POST ${origin}/api/v1/ingest \\
  -H "Authorization: Bearer $VIGIL_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${body}'`;
}
