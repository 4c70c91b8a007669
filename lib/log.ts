import { env } from "@/lib/env";
import { processSlot } from "@/lib/process-state";

/** Structured server logs: one JSON object per line on stdout/stderr. */
export type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A log line as written: level, time, msg and the fields (errors as `errorFields`). */
export type LogLine = { level: Level; time: string; msg: string } & Record<string, unknown>;

/**
 * Where lines go instead of stdout/stderr while something captures them (tests). One per
 * process, not per module copy: a test captures what the Next server it runs in-process
 * logs too (tests/support/next-server.ts), whose bundles hold their own copy of this module.
 */
const capture = processSlot<(line: LogLine) => void>("log-capture");

/**
 * Routes every log line, whatever LOG_LEVEL, to `sink` instead of stdout/stderr until the
 * returned function is called; for tests that provoke errors and assert on what is logged.
 * Captures nest: the innermost wins, and each restore puts back what it replaced.
 */
export function captureLogs(sink: (line: LogLine) => void): () => void {
  const previous = capture.get();
  capture.set(sink);
  return () => capture.set(previous);
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  const sink = capture.get();
  if (!sink && order[level] < order[env.LOG_LEVEL]) return;
  const line: LogLine = { level, time: new Date().toISOString(), msg };
  for (const [k, v] of Object.entries(fields ?? {})) {
    line[k] = v instanceof Error ? errorFields(v) : v;
  }
  if (sink) return sink(line);
  const out = JSON.stringify(line);
  if (level === "error" || level === "warn") process.stderr.write(out + "\n");
  else process.stdout.write(out + "\n");
}

/**
 * An error as log fields, with its cause (the driver's error behind a failed query: the
 * reason, and its SQLSTATE as `code`). Messages are capped: a failed query's message
 * carries its SQL and parameters — for an ingest group, megabytes of telemetry.
 */
const MAX_MESSAGE = 2_000;
function errorFields(err: Error, depth = 0): Record<string, unknown> {
  const cap = (text: string | undefined) => (text && text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length} chars)` : text);
  const code = (err as { code?: unknown }).code;
  const fields: Record<string, unknown> = { name: err.name, message: cap(err.message) };
  if (typeof code === "string") fields.code = code;
  // The stack's first line repeats the message; the frames are what it adds.
  fields.stack = err.stack?.split("\n").filter((line) => line.startsWith("    at ")).join("\n");
  if (err.cause instanceof Error && depth < 3) fields.cause = errorFields(err.cause, depth + 1);
  return fields;
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
