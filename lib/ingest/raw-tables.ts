import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { deploymentEvents, errorEvents, invocations, logs, requests, vitals } from "@/lib/db/schema";
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
 *
 * Table names and column types come from the schema (lib/db/schema/telemetry.ts); only
 * which columns ingest writes, in the row's key order, is said here.
 */
type Of<T extends EventType> = Extract<IngestEvent, { type: T }>;
interface RawTable<T extends EventType> {
  table: string;
  /** name and SQL type of each column, in the row's key order */
  columns: [string, string][];
  row: (e: NormalizedEvent, event: Of<T>) => Record<string, unknown>;
}

/**
 * The columns `names` of `table` with their types as the schema declares them. `ts` travels
 * as epoch milliseconds, converted by the statement: cheaper on both sides than an ISO
 * string per event (a Date and toISOString here, a date parse in PostgreSQL).
 */
function columnsOf(table: PgTable, names: string[]): { table: string; columns: [string, string][] } {
  const declared = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, c.getSQLType()]));
  return {
    table: getTableName(table),
    columns: names.map((name) => {
      const type = declared.get(name);
      if (!type) throw new Error(`${getTableName(table)} has no column ${name}`);
      return [name, name === "ts" ? "float8" : type];
    }),
  };
}

const COMMON = ["project_id", "event_id", "ts", "environment", "deployment_id", "attributes"];

export const RAW_TABLES: { [T in EventType]: RawTable<T> } = {
  deployment: {
    ...columnsOf(deploymentEvents, [...COMMON, ...["status", "commit_sha", "branch", "commit_message", "framework", "url", "build_duration_ms", "duration_ms"]]),
    row: (e, d) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
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
    ...columnsOf(invocations, [...COMMON, ...["function_name", "duration_ms", "status", "cold_start", "memory_used_mb", "region", "status_code"]]),
    row: (e, i) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
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
    ...columnsOf(requests, [...COMMON, ...["method", "route", "path", "status_code", "duration_ms", "region"]]),
    row: (e, r) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
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
    ...columnsOf(errorEvents, [...COMMON, ...["issue_id", "name", "message", "level", "stack", "frames", "release", "route", "function_name", "user_id"]]),
    row: (e, x) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
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
    ...columnsOf(logs, [...COMMON, ...["level", "message"]]),
    row: (e, l) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
      environment: e.environment,
      deployment_id: l.deploymentId,
      attributes: l.attributes,
      level: l.level,
      message: l.message,
    }),
  },
  vital: {
    ...columnsOf(vitals, [...COMMON, ...["name", "value", "route", "rating"]]),
    row: (e, v) => ({
      project_id: e.projectId,
      event_id: e.eventId,
      ts: e.timeMs,
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

const namesOf = (type: EventType) => RAW_TABLES[type].columns.map(([name]) => name).join(", ");
const definitionsOf = (type: EventType) => RAW_TABLES[type].columns.map(([name, sqlType]) => `${name} ${sqlType}`).join(", ");
/** The select list: each column as received, but `ts` from epoch milliseconds. */
const valuesOf = (type: EventType) =>
  RAW_TABLES[type].columns.map(([name]) => (name === "ts" ? "to_timestamp(ts / 1000) as ts" : name)).join(", ");

/**
 * INSERT for one type. Rows go in key order, so concurrent transactions that share ids wait
 * for each other in the same order and cannot deadlock.
 *
 * `duplicates: "skip"` (ON CONFLICT DO NOTHING) stores the new rows and answers the keys
 * actually stored. `duplicates: "fail"` lets the unique index reject the statement at the
 * first stored id (SQLSTATE 23505): that is the one-statement path's case, where a
 * duplicate is rare and skipping would cost every row an extra index lookup — the
 * speculative-insertion check of ON CONFLICT, about a quarter of PostgreSQL's ingest time.
 */
export function insertRawStatement<T extends EventType>(type: T, events: NormalizedEvent[], duplicates: "skip" | "fail"): SQL {
  const { table, row } = RAW_TABLES[type] as RawTable<T>;
  const rows = events.map((e) => row(e, e.event as Of<T>));
  const insert = sql`
    insert into ${sql.raw(table)} (${sql.raw(namesOf(type))})
    select ${sql.raw(valuesOf(type))} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(definitionsOf(type))})
    order by project_id, event_id`;
  return duplicates === "skip" ? sql`${insert} on conflict (project_id, event_id) do nothing returning project_id, event_id` : insert;
}
