import { sql, type SQL } from "drizzle-orm";
import type { NormalizedEvent } from "./normalize";
import type { IngestEvent } from "./schema";

type ErrorEvent = Extract<IngestEvent, { type: "error" }>;

interface IssueDelta {
  project_id: string;
  id: string;
  fingerprint: string;
  grouping_version: number;
  title: string;
  culprit: string | null;
  level: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
}

/** One row per issue touched by the group: counts and the first/last times seen. */
export function issueDeltas(events: NormalizedEvent[]): IssueDelta[] {
  const deltas = new Map<string, IssueDelta>();
  for (const e of events) {
    const issue = e.issue!;
    const at = new Date(e.timeMs).toISOString();
    const key = `${e.projectId}\u0000${issue.id}`;
    const d = deltas.get(key);
    if (!d) {
      deltas.set(key, {
        project_id: e.projectId,
        id: issue.id,
        fingerprint: issue.fingerprint,
        grouping_version: issue.groupingVersion,
        title: issue.title,
        culprit: issue.culprit,
        level: (e.event as ErrorEvent).level,
        first_seen: at,
        last_seen: at,
        event_count: 1,
      });
      continue;
    }
    d.event_count += 1;
    if (at < d.first_seen) d.first_seen = at;
    if (at >= d.last_seen) {
      // Title and level follow the latest event (messages vary within a group).
      d.last_seen = at;
      d.title = issue.title;
      d.culprit = issue.culprit ?? d.culprit;
      d.level = (e.event as ErrorEvent).level;
    }
  }
  return [...deltas.values()].sort((a, b) => (a.project_id + a.id < b.project_id + b.id ? -1 : 1));
}

/**
 * Creates or updates the groups. An event newer than a resolution reopens the issue and
 * marks it regressed; an ignored issue stays ignored but keeps counting.
 */
/** `after`: a condition the statement must evaluate first (the writer's lock order, lib/ingest/writer.ts). */
export function upsertIssuesStatement(deltas: IssueDelta[], after?: SQL): SQL {
  const reopens = sql.raw("(i.status = 'resolved' and excluded.last_seen > coalesce(i.resolved_at, '-infinity'))");
  return sql`
    insert into issues as i
      (project_id, id, fingerprint, grouping_version, title, culprit, level, status, first_seen, last_seen, event_count)
    select project_id, id, fingerprint, grouping_version, title, culprit, level, 'unresolved', first_seen, last_seen, event_count
    from json_to_recordset(${JSON.stringify(deltas)}::json) as x(
      project_id text, id uuid, fingerprint text, grouping_version int, title text, culprit text, level text,
      first_seen timestamptz, last_seen timestamptz, event_count bigint)
    ${after ? sql`where ${after}` : sql``}
    order by project_id, id
    on conflict (project_id, id) do update set
      status = case when ${reopens} then 'unresolved' else i.status end,
      regressed_at = case when ${reopens} then now() else i.regressed_at end,
      resolved_at = case when ${reopens} then null else i.resolved_at end,
      title = case when excluded.last_seen >= i.last_seen then excluded.title else i.title end,
      culprit = case when excluded.last_seen >= i.last_seen then coalesce(excluded.culprit, i.culprit) else i.culprit end,
      level = case when excluded.last_seen >= i.last_seen then excluded.level else i.level end,
      first_seen = least(i.first_seen, excluded.first_seen),
      last_seen = greatest(i.last_seen, excluded.last_seen),
      event_count = i.event_count + excluded.event_count`;
}
