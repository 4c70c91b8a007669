import type { TelemetryType } from "./sample-events";

/** What each project section will show once data arrives, and which events feed it. */
export const PROJECT_SECTION_CONTENT = {
  overview: {
    title: "Overview",
    description: "Health of this project at a glance.",
    types: ["deployment", "invocation", "request", "error"] as TelemetryType[],
    willShow: [
      "Totals and trends for deployments, function invocations, API requests and errors",
      "p50 / p95 / p99 function duration and error rates, compared with the previous period",
      "Recent deployments and the top open issues",
    ],
  },
  deployments: {
    title: "Deployments",
    description: "Every deployment, its outcome and how long it took.",
    types: ["deployment"] as TelemetryType[],
    willShow: [
      "A timeline of deployments with status, branch, commit and duration",
      "Success rate, average and p95 duration, by-day counts and framework distribution",
      "Filters by status, environment and branch",
    ],
  },
  functions: {
    title: "Functions",
    description: "Serverless and edge function performance.",
    types: ["invocation"] as TelemetryType[],
    willShow: [
      "Invocations, errors and error rate per function",
      "p50 / p95 / p99 duration and cold-start rate, sortable",
      "Each function's series over the chosen window",
    ],
  },
  requests: {
    title: "Requests",
    description: "Latency and errors of your API routes.",
    types: ["request"] as TelemetryType[],
    willShow: [
      "Request count per route and method",
      "p50 / p95 / p99 latency, 4xx and 5xx rates",
      "Each route's series over the chosen window",
    ],
  },
  errors: {
    title: "Errors",
    description: "Exceptions grouped into issues.",
    types: ["error"] as TelemetryType[],
    willShow: [
      "Issues grouped by fingerprint, with first and last seen, event count and trend",
      "Stack traces with in-app frames emphasised, tags and environments",
      "Resolve, ignore and regression tracking",
    ],
  },
  logs: {
    title: "Logs",
    description: "Search your application logs.",
    types: ["log"] as TelemetryType[],
    willShow: [
      "Full-text search over log messages, newest first",
      "Level filter and a live tail",
      "Expandable attributes on each line",
    ],
  },
  vitals: {
    title: "Web Vitals",
    description: "Real-user performance of your pages.",
    types: ["vital"] as TelemetryType[],
    willShow: [
      "p75 of LCP, INP, CLS, FCP and TTFB per route",
      "Good / needs-improvement / poor shares (web.dev thresholds)",
      "Trends over the chosen window",
    ],
  },
  alerts: {
    title: "Alerts",
    description: "Rules that watch your telemetry and notify you.",
    types: ["error", "invocation"] as TelemetryType[],
    willShow: [
      "Alert rules on error counts, latency, error rates, deployments, logs, vitals and heartbeats",
      "Incidents, firing and resolved, newest first, with acknowledgement",
      "Notifications through webhooks, Slack, e-mail and the in-app inbox",
    ],
  },
} as const;

export type ProjectSection = keyof typeof PROJECT_SECTION_CONTENT;
