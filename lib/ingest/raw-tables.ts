import { sql, type SQL } from "drizzle-orm";
import type { NormalizedEvent } from "./normalize";
import type { EventType, IngestEvent } from "./schema";

/**
 * How each event type maps onto its raw table. Rows travel to PostgreSQL as one JSON
 * parameter expanded by `json_to_recordset`: one set-based statement per table and batch,
 * identical on node-postgres and PGlite (no driver-specific array encoding).
 *
 * Each type's `row` builds its JSON object literally (a fixed shape V8 serialises fast; this
 * runs for every event) and leaves out absent fields: `json_to_recordset` reads a missing
 * key as null, and the parameter shrinks by every null it does not carry.
 */
type Of<T extends EventType> = Extract<IngestEvent, { type: T }>;
interface RawTable<T extends EventType> {
  table: string;
  /** name and SQL type of each column, in the row's key order */
  columns: [string, string][];
  row: (e: NormalizedEvent, event: Of<T>) => Record<string, unknown>;
}

const COMMON: [string, string][] = [
  ["project_id", "text"],
  ["event_id", "uuid"],
  ["ts", "timestamptz"],
  ["environment", "text"],
  ["deployment_id", "text"],
  ["attributes", "jsonb"],
];

export const RAW_TABLES: { [T in EventType]: RawTable<T> } = {
  deployment: {
    table: "deployment_events",
    columns: [...COMMON, ["status", "text"], ["commit_sha", "text"], ["branch", "text"], ["commit_message", "text"], ["framework", "text"], ["url", "text"], ["build_duration_ms", "float8"], ["duration_ms", "float8"]],
    row: (e, d) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: d.deploymentId,
      attributes: d.attributes,
      status: d.status,
      commit_sha: d.commitSha,
      branch: d.branch,
      commit_message: d.commitMessage,
      framework: d.framework,
      url: d.url,
      build_duration_ms: d.buildDurationMs,
      duration_ms: d.durationMs,
    }),
  },
  invocation: {
    table: "invocations",
    columns: [...COMMON, ["function_name", "text"], ["duration_ms", "float8"], ["status", "text"], ["cold_start", "boolean"], ["memory_used_mb", "float8"], ["region", "text"], ["status_code", "int"]],
    row: (e, i) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: i.deploymentId,
      attributes: i.attributes,
      function_name: i.functionName,
      duration_ms: i.durationMs,
      status: i.status,
      cold_start: i.coldStart,
      memory_used_mb: i.memoryUsedMb,
      region: i.region,
      status_code: i.statusCode,
    }),
  },
  request: {
    table: "requests",
    columns: [...COMMON, ["method", "text"], ["route", "text"], ["path", "text"], ["status_code", "int"], ["duration_ms", "float8"], ["region", "text"]],
    row: (e, r) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: r.deploymentId,
      attributes: r.attributes,
      method: r.method,
      route: r.route,
      path: r.path,
      status_code: r.statusCode,
      duration_ms: r.durationMs,
      region: r.region,
    }),
  },
  error: {
    table: "error_events",
    columns: [...COMMON, ["issue_id", "uuid"], ["name", "text"], ["message", "text"], ["level", "text"], ["stack", "text"], ["frames", "jsonb"], ["release", "text"], ["route", "text"], ["function_name", "text"], ["user_id", "text"]],
    row: (e, x) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: x.deploymentId,
      attributes: x.attributes,
      issue_id: e.issue!.id,
      name: x.name,
      message: x.message,
      level: x.level,
      stack: x.stack,
      // Parsed frames are kept even when the client sent only a stack string.
      frames: e.issue!.frames.length ? e.issue!.frames : undefined,
      release: x.release,
      route: x.route,
      function_name: x.functionName,
      user_id: x.userId,
    }),
  },
  log: {
    table: "logs",
    columns: [...COMMON, ["level", "text"], ["message", "text"]],
    row: (e, l) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: l.deploymentId,
      attributes: l.attributes,
      level: l.level,
      message: l.message,
    }),
  },
  vital: {
    table: "vitals",
    columns: [...COMMON, ["name", "text"], ["value", "float8"], ["route", "text"], ["rating", "text"]],
    row: (e, v) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.ts.toISOString(),
      environment: e.environment,
      deployment_id: v.deploymentId,
      attributes: v.attributes,
      name: v.name,
      value: v.value,
      route: v.route,
      rating: v.rating,
    }),
  },
};

/**
 * INSERT … ON CONFLICT DO NOTHING for one type, answering the keys actually stored. Rows go
 * in key order, so concurrent transactions that share ids wait for each other in the same
 * order and cannot deadlock.
 */
export function insertRawStatement<T extends EventType>(type: T, events: NormalizedEvent[]): SQL {
  const { table, columns, row } = RAW_TABLES[type] as RawTable<T>;
  const rows = events.map((e) => row(e, e.event as Of<T>));
  const names = columns.map(([name]) => name).join(", ");
  const definitions = columns.map(([name, type]) => `${name} ${type}`).join(", ");
  return sql`
    insert into ${sql.raw(table)} (${sql.raw(names)})
    select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(definitions)})
    order by project_id, event_id
    on conflict (project_id, event_id) do nothing
    returning project_id, event_id`;
}
