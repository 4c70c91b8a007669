import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { logLevels } from "@/lib/events";
import { decodeCursor, encodeCursor, paginationQuery, type Page } from "@/lib/pagination";
import { resolveSpan, windowQuery } from "./window";

/** The kind of the log search's cursors (lib/pagination.ts). */
export const LOGS_CURSOR = "logs";

export const logsQuery = windowQuery.merge(paginationQuery).extend({
  q: z.string().trim().min(1).max(200).optional(),
  /** One level or several, comma-separated: `level=error,fatal`. */
  level: z
    .string()
    .transform((v) => v.split(",").map((l) => l.trim()).filter(Boolean))
    .pipe(z.array(z.enum(logLevels)).min(1))
    .optional(),
});

export interface LogLine {
  id: string;
  ts: Date;
  level: string;
  message: string;
  environment: string;
  deploymentId: string | null;
  attributes: Record<string, string | number | boolean> | null;
}

/**
 * Log search, newest first: full text over the message (the `tsvector` column and its GIN
 * index; `websearch_to_tsquery` syntax: words, "phrases", -exclusions, OR), level filter,
 * time window, keyset cursor.
 */
export async function searchLogs(db: Db, projectId: string, query: z.output<typeof logsQuery>): Promise<Page<LogLine>> {
  const { from, to } = resolveSpan(query);
  const after = query.cursor ? decodeCursor(LOGS_CURSOR, query.cursor) : null;
  const rows = await queryRows<{ event_id: string; ts: Date; level: string; message: string; environment: string; deployment_id: string | null; attributes: LogLine["attributes"] }>(
    db,
    sql`select event_id, ts, level, message, environment, deployment_id, attributes
        from logs
        where project_id = ${projectId}
          and ts >= ${new Date(from).toISOString()}::timestamptz and ts <= ${new Date(to).toISOString()}::timestamptz
          ${query.q ? sql`and search @@ websearch_to_tsquery('simple', ${query.q})` : sql``}
          ${query.level ? sql`and level in (${sql.join(query.level.map((l) => sql`${l}`), sql`, `)})` : sql``}
          ${after ? sql`and (ts, event_id) < (${after.t}::timestamptz, ${after.id}::uuid)` : sql``}
        order by ts desc, event_id desc
        limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit).map((r) => ({
    id: r.event_id,
    ts: new Date(r.ts),
    level: r.level,
    message: r.message,
    environment: r.environment,
    deploymentId: r.deployment_id,
    attributes: r.attributes,
  }));
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeCursor(LOGS_CURSOR, { t: last.ts.toISOString(), id: last.id }) : null };
}
