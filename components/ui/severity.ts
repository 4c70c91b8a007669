import type { Severity } from "@/lib/db/schema";

/**
 * The colour of each alert severity, as literal Tailwind classes (so the build sees them):
 * critical red, high orange, medium amber, low sky. The bell's list and the Overview's
 * banner use the same colours, so a severity reads the same everywhere.
 */
export const SEVERITY_COLORS: Record<Severity, { dot: string; text: string; bar: string; banner: string }> = {
  critical: {
    dot: "bg-red-600",
    text: "text-red-700 dark:text-red-400",
    bar: "border-l-red-600",
    banner: "border-red-300 border-l-red-600 bg-red-50 dark:border-red-900 dark:border-l-red-500 dark:bg-red-950/40",
  },
  high: {
    dot: "bg-orange-500",
    text: "text-orange-700 dark:text-orange-400",
    bar: "border-l-orange-500",
    banner: "border-orange-300 border-l-orange-500 bg-orange-50 dark:border-orange-900 dark:border-l-orange-500 dark:bg-orange-950/40",
  },
  medium: {
    dot: "bg-amber-400",
    text: "text-amber-700 dark:text-amber-400",
    bar: "border-l-amber-400",
    banner: "border-amber-300 border-l-amber-400 bg-amber-50 dark:border-amber-900 dark:border-l-amber-400 dark:bg-amber-950/40",
  },
  low: {
    dot: "bg-sky-500",
    text: "text-sky-700 dark:text-sky-400",
    bar: "border-l-sky-500",
    banner: "border-sky-300 border-l-sky-500 bg-sky-50 dark:border-sky-900 dark:border-l-sky-500 dark:bg-sky-950/40",
  },
};

/** Notices without a severity (a channel disabled, a test): neutral grey. */
export const NO_SEVERITY = {
  dot: "bg-gray-400",
  text: "text-tremor-content dark:text-dark-tremor-content",
  bar: "border-l-gray-300 dark:border-l-gray-600",
  banner: "border-tremor-border border-l-gray-400 bg-tremor-background-muted dark:border-dark-tremor-border dark:bg-dark-tremor-background-muted",
};

export function severityColors(severity: string | null) {
  return severity && severity in SEVERITY_COLORS ? SEVERITY_COLORS[severity as Severity] : NO_SEVERITY;
}
