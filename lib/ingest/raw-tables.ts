import { sql, type SQL } from "drizzle-orm";
import type { NormalizedEvent } from "./normalize";
import type { EventType, IngestEvent } from "./schema";

/**
 * How each event type maps onto its raw table. Rows travel to PostgreSQL as one JSON
 * parameter expanded by `json_to_recordset`: one set-based statement per table and batch,
 * identical on postgres.js and PGlite (no driver-specific array encoding).
 */
interface Column {
  name: string;
  type: string;
  value: (e: NormalizedEvent) => unknown;
}

type Of<T extends EventType> = Extract<IngestEvent, { type: T }>;
const of = <T extends EventType>(e: NormalizedEvent) => e.event as Of<T>;

const common: Column[] = [
  { name: "project_id", type: "text", value: (e) => e.projectId },
  { name: "event_id", type: "uuid", value: (e) => e.eventId },
  { name: "ts", type: "timestamptz", value: (e) => e.ts.toISOString() },
  { name: "environment", type: "text", value: (e) => e.environment },
  { name: "deployment_id", type: "text", value: (e) => e.event.deploymentId ?? null },
  { name: "attributes", type: "jsonb", value: (e) => e.event.attributes ?? null },
];

export const RAW_TABLES: Record<EventType, { table: string; columns: Column[] }> = {
  deployment: {
    table: "deployment_events",
    columns: [
      ...common,
      { name: "status", type: "text", value: (e) => of<"deployment">(e).status },
      { name: "commit_sha", type: "text", value: (e) => of<"deployment">(e).commitSha ?? null },
      { name: "branch", type: "text", value: (e) => of<"deployment">(e).branch ?? null },
      { name: "commit_message", type: "text", value: (e) => of<"deployment">(e).commitMessage ?? null },
      { name: "framework", type: "text", value: (e) => of<"deployment">(e).framework ?? null },
      { name: "url", type: "text", value: (e) => of<"deployment">(e).url ?? null },
      { name: "build_duration_ms", type: "float8", value: (e) => of<"deployment">(e).buildDurationMs ?? null },
      { name: "duration_ms", type: "float8", value: (e) => of<"deployment">(e).durationMs ?? null },
    ],
  },
  invocation: {
    table: "invocations",
    columns: [
      ...common,
      { name: "function_name", type: "text", value: (e) => of<"invocation">(e).functionName },
      { name: "duration_ms", type: "float8", value: (e) => of<"invocation">(e).durationMs },
      { name: "status", type: "text", value: (e) => of<"invocation">(e).status },
      { name: "cold_start", type: "boolean", value: (e) => of<"invocation">(e).coldStart ?? null },
      { name: "memory_used_mb", type: "float8", value: (e) => of<"invocation">(e).memoryUsedMb ?? null },
      { name: "region", type: "text", value: (e) => of<"invocation">(e).region ?? null },
      { name: "status_code", type: "int", value: (e) => of<"invocation">(e).statusCode ?? null },
    ],
  },
  request: {
    table: "requests",
    columns: [
      ...common,
      { name: "method", type: "text", value: (e) => of<"request">(e).method },
      { name: "route", type: "text", value: (e) => of<"request">(e).route },
      { name: "path", type: "text", value: (e) => of<"request">(e).path ?? null },
      { name: "status_code", type: "int", value: (e) => of<"request">(e).statusCode },
      { name: "duration_ms", type: "float8", value: (e) => of<"request">(e).durationMs },
      { name: "region", type: "text", value: (e) => of<"request">(e).region ?? null },
    ],
  },
  error: {
    table: "error_events",
    columns: [
      ...common,
      { name: "issue_id", type: "uuid", value: (e) => e.issue!.id },
      { name: "name", type: "text", value: (e) => of<"error">(e).name ?? null },
      { name: "message", type: "text", value: (e) => of<"error">(e).message ?? null },
      { name: "level", type: "text", value: (e) => of<"error">(e).level },
      { name: "stack", type: "text", value: (e) => of<"error">(e).stack ?? null },
      // Parsed frames are kept even when the client sent only a stack string.
      { name: "frames", type: "jsonb", value: (e) => (e.issue!.frames.length ? e.issue!.frames : null) },
      { name: "release", type: "text", value: (e) => of<"error">(e).release ?? null },
      { name: "route", type: "text", value: (e) => of<"error">(e).route ?? null },
      { name: "function_name", type: "text", value: (e) => of<"error">(e).functionName ?? null },
      { name: "user_id", type: "text", value: (e) => of<"error">(e).userId ?? null },
    ],
  },
  log: {
    table: "logs",
    columns: [
      ...common,
      { name: "level", type: "text", value: (e) => of<"log">(e).level },
      { name: "message", type: "text", value: (e) => of<"log">(e).message },
    ],
  },
  vital: {
    table: "vitals",
    columns: [
      ...common,
      { name: "name", type: "text", value: (e) => of<"vital">(e).name },
      { name: "value", type: "float8", value: (e) => of<"vital">(e).value },
      { name: "route", type: "text", value: (e) => of<"vital">(e).route },
      { name: "rating", type: "text", value: (e) => of<"vital">(e).rating ?? null },
    ],
  },
};

/**
 * INSERT … ON CONFLICT DO NOTHING for one type, answering the keys actually stored. Rows go
 * in key order, so concurrent transactions that share ids wait for each other in the same
 * order and cannot deadlock.
 */
export function insertRawStatement(type: EventType, events: NormalizedEvent[]): SQL {
  const { table, columns } = RAW_TABLES[type];
  const rows = events.map((e) => Object.fromEntries(columns.map((c) => [c.name, c.value(e)])));
  const names = columns.map((c) => c.name).join(", ");
  const definitions = columns.map((c) => `${c.name} ${c.type}`).join(", ");
  return sql`
    insert into ${sql.raw(table)} (${sql.raw(names)})
    select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(definitions)})
    order by project_id, event_id
    on conflict (project_id, event_id) do nothing
    returning project_id, event_id`;
}
