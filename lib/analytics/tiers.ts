import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import type { Histogram } from "./histogram";
import { MINUTE_ROLLUP_HORIZON_MS, type TimeWindow } from "./window";

/**
 * Reading rollups fast. Two costs dominate a dashboard query: how many rollup rows it
 * touches, and how it merges their histograms. So:
 *
 * - a window's totals read each part of it from the coarsest tier that covers it: whole
 *   days from `rollups_day`, the hours at either edge from `rollups_hour`, the minutes
 *   beyond those from `rollups_minute` (a 30-day total merges ~30 rows per dimension, not
 *   ~720); a series reads the one tier of its bucket size;
 * - histograms are merged in one linear pass over their entries (`jsonb_each_text`, then a
 *   hash aggregate per bucket key), not with the `vigil_hist_sum` aggregate, whose state is
 *   rebuilt at every row and grows quadratic with the number of rows.
 */
export type RollupTable = "rollups_minute" | "rollups_hour" | "rollups_day";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const TIERS: [RollupTable, number][] = [
  ["rollups_day", DAY],
  ["rollups_hour", HOUR],
  ["rollups_minute", MINUTE],
];

export interface Segment {
  table: RollupTable;
  from: number;
  to: number;
}

/**
 * [from, to) as segments of the coarsest tiers. The finest tier widens the edges to its own
 * buckets; minutes are only used inside their retention horizon (hours beyond it).
 */
export function segments(from: number, to: number, now = Date.now()): Segment[] {
  const minutesKept = from >= now - MINUTE_ROLLUP_HORIZON_MS;
  const tiers = minutesKept ? TIERS : TIERS.slice(0, 2);
  const out: Segment[] = [];
  const cover = (a: number, b: number, level: number) => {
    if (a >= b) return;
    const [table, size] = tiers[level];
    if (level === tiers.length - 1) {
      out.push({ table, from: Math.floor(a / size) * size, to: Math.ceil(b / size) * size });
      return;
    }
    const inner = [Math.ceil(a / size) * size, Math.floor(b / size) * size];
    if (inner[0] >= inner[1]) return cover(a, b, level + 1);
    cover(a, inner[0], level + 1);
    out.push({ table, from: inner[0], to: inner[1] });
    cover(inner[1], b, level + 1);
  };
  cover(from, to, 0);
  return out;
}

/** The tier whose buckets a series of this bucket size is drawn from. */
export function seriesTable(bucketMs: number): RollupTable {
  return bucketMs >= DAY ? "rollups_day" : bucketMs >= HOUR ? "rollups_hour" : "rollups_minute";
}

const COUNTS = "kind, bucket_start, environment, dimension, count, error_count, client_error_count, cold_start_count, good_count, poor_count";
// Histograms are the bulk of a rollup row (jsonb, often toasted): read them only when merged.
const WITH_HIST = sql.raw(`${COUNTS}, hist`);
const WITHOUT_HIST = sql.raw(`${COUNTS}, null::jsonb as hist`);

export interface RollupFilter {
  projectId: string;
  kinds: string[];
  /** Extra conditions on rollup columns (dimension, environment). */
  where?: SQL;
  /** Whether the rows carry their histograms (for percentiles). */
  hist?: boolean;
}

function select(table: RollupTable, from: number, to: number, f: RollupFilter): SQL {
  return sql`select ${f.hist ? WITH_HIST : WITHOUT_HIST} from ${sql.raw(table)}
    where project_id = ${f.projectId} and kind in (${sql.join(f.kinds.map((k) => sql`${k}`), sql`, `)})
      and bucket_start >= ${new Date(from).toISOString()}::timestamptz and bucket_start < ${new Date(to).toISOString()}::timestamptz
      ${f.where ? sql`and ${f.where}` : sql``}`;
}

/** Rollup rows covering a window, each part from its coarsest tier (for totals). */
export function windowRows(f: RollupFilter, window: TimeWindow, now = Date.now()): SQL {
  const parts = segments(window.from.getTime(), window.to.getTime(), now).map((s) => select(s.table, s.from, s.to, f));
  return parts.length ? sql.join(parts, sql` union all `) : select("rollups_day", 0, 0, f);
}

/** Rollup rows of a window from the tier of its series buckets. */
export function seriesRows(f: RollupFilter, window: TimeWindow): SQL {
  return select(seriesTable(window.bucketMs), window.from.getTime(), window.to.getTime(), f);
}

export interface Aggregated {
  /** The group's values, by the names given in `groupBy`. */
  key: Record<string, string>;
  count: number;
  errors: number;
  clientErrors: number;
  coldStarts: number;
  good: number;
  poor: number;
  /** Merged histogram, when asked for (and `{}` for a group without any). */
  hist: Histogram;
}

/**
 * Sums the counts of rollup rows per group and, when `hist` is given, merges their
 * histograms (only of the rows `hist` selects, e.g. one kind; the rows must have been
 * selected with `hist: true`). Groups are SQL expressions
 * over rollup columns, e.g. `{ kind: sql\`kind\` }` or a `date_bin` of `bucket_start`.
 */
export async function aggregate(db: Db, rows: SQL, groupBy: Record<string, SQL>, hist?: { where?: SQL }): Promise<Aggregated[]> {
  const names = Object.keys(groupBy);
  const keys = names.length ? names : ["all"];
  // Group columns are prefixed so they never collide with the rollup columns beside them.
  const col = (n: string) => sql.identifier(`g_${n}`);
  const exprs = names.length ? names.map((n) => sql`${groupBy[n]} as ${col(n)}`) : [sql`'all' as ${col("all")}`];
  const cols = sql.join(keys.map(col), sql`, `);
  const joinOn = sql.join(keys.map((n) => sql`h.${col(n)} = c.${col(n)}`), sql` and `);
  const result = await queryRows<Record<string, unknown>>(
    db,
    sql`with r as materialized (select ${sql.join(exprs, sql`, `)}, t.* from (${rows}) t),
      c as (
        select ${cols}, sum(count)::float8 as n, sum(error_count)::float8 as errors, sum(client_error_count)::float8 as client_errors,
               sum(cold_start_count)::float8 as cold, sum(good_count)::float8 as good, sum(poor_count)::float8 as poor
        from r group by ${cols}
      )
      ${
        hist
          ? sql`, e as (
                select ${cols}, x.key, sum(x.value::bigint) as n
                from r cross join lateral jsonb_each_text(r.hist) x
                ${hist.where ? sql`where ${hist.where}` : sql``}
                group by ${cols}, x.key
              ), h as (select ${cols}, jsonb_object_agg(key, n) as hist from e group by ${cols})
              select c.*, h.hist from c left join h on ${joinOn}`
          : sql`select c.*, null::jsonb as hist from c`
      }`,
  );
  return result.map((r) => ({
    key: Object.fromEntries(
      keys.map((k) => {
        const v = r[`g_${k}`];
        return [k, v instanceof Date ? v.toISOString() : String(v)];
      }),
    ),
    count: Number(r.n),
    errors: Number(r.errors),
    clientErrors: Number(r.client_errors),
    coldStarts: Number(r.cold),
    good: Number(r.good),
    poor: Number(r.poor),
    hist: (r.hist as Histogram | null) ?? {},
  }));
}

/** `date_bin` of a rollup row's bucket into series buckets of `bucketMs`. */
export function binOf(bucketMs: number): SQL {
  return sql`date_bin(${bucketMs} * interval '1 millisecond', bucket_start, timestamptz 'epoch')`;
}
