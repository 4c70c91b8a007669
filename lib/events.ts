/**
 * The vocabulary of telemetry events (API.md, "Ingest"): what ingest accepts and what
 * reads filter by. The bottom floor, so both sides take it from here.
 */
export const deploymentStatuses = ["started", "building", "succeeded", "failed", "canceled"] as const;
export const invocationStatuses = ["success", "error", "timeout"] as const;
export const errorLevels = ["fatal", "error", "warning", "info"] as const;
export const logLevels = ["debug", "info", "warn", "error", "fatal"] as const;
export const vitalNames = ["LCP", "INP", "CLS", "FCP", "TTFB"] as const;
