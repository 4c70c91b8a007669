import { sql, type SQL } from "drizzle-orm";
import type { NormalizedEvent } from "./normalize";
import type { IngestEvent } from "./schema";

type DeploymentEvent = Extract<IngestEvent, { type: "deployment" }>;

/**
 * A deployment moves started → building → succeeded | failed | canceled. Events may
 * arrive out of order, so the state is a fold that only moves forward: a higher rank
 * wins, and between equal ranks the later timestamp. A late `building` never undoes
 * `succeeded`. The start is the earliest event; the duration ends at the final state.
 */
export const STATUS_RANK: Record<DeploymentEvent["status"], number> = {
  started: 0,
  building: 1,
  succeeded: 2,
  failed: 2,
  canceled: 2,
};

interface DeploymentFold {
  project_id: string;
  deployment_id: string;
  environment: string;
  status: string;
  status_rank: number;
  status_at: string;
  started_at: string;
  finished_at: string | null;
  reported_duration_ms: number | null;
  build_duration_ms: number | null;
  commit_sha: string | null;
  branch: string | null;
  commit_message: string | null;
  framework: string | null;
  url: string | null;
  event_count: number;
}

/** Folds one group's deployment events per deployment (the database then folds groups). */
export function foldDeployments(events: NormalizedEvent[]): DeploymentFold[] {
  const folds = new Map<string, DeploymentFold>();
  const sorted = [...events].sort((a, b) => a.timeMs - b.timeMs);
  for (const e of sorted) {
    const d = e.event as DeploymentEvent;
    const key = `${e.projectId}\u0000${d.deploymentId}`;
    const rank = STATUS_RANK[d.status];
    const at = new Date(e.timeMs).toISOString();
    let f = folds.get(key);
    if (!f) {
      f = {
        project_id: e.projectId,
        deployment_id: d.deploymentId,
        environment: e.environment,
        status: d.status,
        status_rank: rank,
        status_at: at,
        started_at: at,
        finished_at: rank === 2 ? at : null,
        reported_duration_ms: rank === 2 ? (d.durationMs ?? null) : null,
        build_duration_ms: null,
        commit_sha: null,
        branch: null,
        commit_message: null,
        framework: null,
        url: null,
        event_count: 0,
      };
      folds.set(key, f);
    } else if (rank >= f.status_rank) {
      // Sorted by time, so an equal or higher rank here is also the later event.
      f.status = d.status;
      f.status_rank = rank;
      f.status_at = at;
      if (rank === 2) {
        f.finished_at = at;
        f.reported_duration_ms = d.durationMs ?? null;
      }
    }
    f.event_count += 1;
    // Descriptive fields: the latest event that carries one wins.
    f.build_duration_ms = d.buildDurationMs ?? f.build_duration_ms;
    f.commit_sha = d.commitSha ?? f.commit_sha;
    f.branch = d.branch ?? f.branch;
    f.commit_message = d.commitMessage ?? f.commit_message;
    f.framework = d.framework ?? f.framework;
    f.url = d.url ?? f.url;
  }
  return [...folds.values()].sort((a, b) => (a.project_id + a.deployment_id < b.project_id + b.deployment_id ? -1 : 1));
}

/** `after`: a condition the statement must evaluate first (the writer's lock order, lib/ingest/writer.ts). */
export function upsertDeploymentsStatement(folds: DeploymentFold[], after?: SQL): SQL {
  // "excluded is newer": the same rule as the fold, applied between stored and incoming.
  const newer = sql.raw(
    "(excluded.status_rank > d.status_rank or (excluded.status_rank = d.status_rank and excluded.status_at >= d.status_at))",
  );
  return sql`
    insert into deployments as d
      (project_id, deployment_id, environment, status, status_rank, status_at, started_at, finished_at,
       reported_duration_ms, duration_ms, build_duration_ms, commit_sha, branch, commit_message, framework, url, event_count)
    select project_id, deployment_id, environment, status, status_rank, status_at, started_at, finished_at,
       reported_duration_ms,
       coalesce(reported_duration_ms, extract(epoch from (finished_at - started_at)) * 1000),
       build_duration_ms, commit_sha, branch, commit_message, framework, url, event_count
    from json_to_recordset(${JSON.stringify(folds)}::json) as x(
      project_id text, deployment_id text, environment text, status text, status_rank int, status_at timestamptz,
      started_at timestamptz, finished_at timestamptz, reported_duration_ms float8, build_duration_ms float8,
      commit_sha text, branch text, commit_message text, framework text, url text, event_count int)
    ${after ? sql`where ${after}` : sql``}
    order by project_id, deployment_id
    on conflict (project_id, deployment_id) do update set
      status = case when ${newer} then excluded.status else d.status end,
      status_rank = case when ${newer} then excluded.status_rank else d.status_rank end,
      status_at = case when ${newer} then excluded.status_at else d.status_at end,
      finished_at = case when ${newer} then excluded.finished_at else d.finished_at end,
      reported_duration_ms = case when ${newer} then excluded.reported_duration_ms else d.reported_duration_ms end,
      duration_ms = coalesce(
        case when ${newer} then excluded.reported_duration_ms else d.reported_duration_ms end,
        extract(epoch from (
          (case when ${newer} then excluded.finished_at else d.finished_at end) - least(d.started_at, excluded.started_at)
        )) * 1000),
      started_at = least(d.started_at, excluded.started_at),
      build_duration_ms = coalesce(excluded.build_duration_ms, d.build_duration_ms),
      commit_sha = coalesce(excluded.commit_sha, d.commit_sha),
      branch = coalesce(excluded.branch, d.branch),
      commit_message = coalesce(excluded.commit_message, d.commit_message),
      framework = coalesce(excluded.framework, d.framework),
      url = coalesce(excluded.url, d.url),
      event_count = d.event_count + excluded.event_count`;
}
