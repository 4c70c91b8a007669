import { rateVital } from "@/lib/analytics/vitals";
import { CLIENT_ERROR, COLD_START, ERROR, GOOD, MinuteDeltas, POOR, type RollupDelta } from "@/lib/rollups/deltas";
import type { NormalizedEvent } from "./normalize";

const failed = (level: string) => (level === "error" || level === "fatal" ? ERROR : 0);

/**
 * Stored events as minute rollup deltas: each event adds to its own dimension's row and,
 * for invocations, requests and vitals, to its kind's total row (lib/rollups/deltas.ts).
 */
export function rollupDeltas(events: NormalizedEvent[]): RollupDelta[] {
  const deltas = new MinuteDeltas();
  for (const { projectId, timeMs, environment, event } of events) {
    switch (event.type) {
      case "invocation": {
        const flags = (event.status !== "success" ? ERROR : 0) | (event.coldStart === true ? COLD_START : 0);
        deltas.observe(projectId, "invocation", timeMs, environment, event.functionName, event.durationMs, flags);
        deltas.observeTotal(projectId, "invocation", timeMs, "*", event.durationMs, flags);
        break;
      }
      case "request": {
        const flags = (event.statusCode >= 500 ? ERROR : 0) | (event.statusCode >= 400 && event.statusCode < 500 ? CLIENT_ERROR : 0);
        deltas.observe(projectId, "request", timeMs, environment, `${event.method} ${event.route}`, event.durationMs, flags);
        deltas.observeTotal(projectId, "request", timeMs, "*", event.durationMs, flags);
        break;
      }
      case "vital": {
        const rating = event.rating ?? rateVital(event.name, event.value);
        const flags = (rating === "good" ? GOOD : 0) | (rating === "poor" ? POOR : 0);
        deltas.observe(projectId, "vital", timeMs, environment, `${event.name} ${event.route}`, event.value, flags);
        deltas.observeTotal(projectId, "vital", timeMs, event.name, event.value, flags);
        break;
      }
      case "error":
        deltas.observe(projectId, "error", timeMs, environment, event.level, null, failed(event.level));
        // Alert rules count errors per route and per function (lib/alerts/readings.ts).
        if (event.route) deltas.observe(projectId, "error_route", timeMs, environment, `${event.level} ${event.route}`, null, failed(event.level));
        if (event.functionName) deltas.observe(projectId, "error_function", timeMs, environment, `${event.level} ${event.functionName}`, null, failed(event.level));
        break;
      case "log":
        deltas.observe(projectId, "log", timeMs, environment, event.level, null, failed(event.level));
        break;
      case "deployment":
        deltas.observe(projectId, "deployment", timeMs, environment, event.status, event.durationMs ?? null, event.status === "failed" ? ERROR : 0);
        break;
    }
  }
  return deltas.sorted();
}
