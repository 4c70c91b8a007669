import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { HistogramSum, quantiles, STORED_QUANTILES, type Histogram } from "./histogram";
import { DAY, HOUR, MINUTE_ROLLUP_HORIZON_MS, TIERS, type RollupTable, type TimeWindow } from "./time";

/**
 * Reading rollups fast. Two costs dominate a dashboard query: how many rollup rows it
 * touches, and how it merges their histograms. So:
 *
 * - a window's totals read each part of it from the coarsest tier that covers it: whole
 *   days from `rollups_day`, the hours at either edge from `rollups_hour`, the minutes
 *   beyond those from `rollups_minute` (a 30-day total merges ~30 rows per dimension, not
 *   ~720); a series reads the one tier of its bucket size;
 * - histograms are merged in one linear pass over their entries, in JS (see `aggregate`),
 *   not in SQL: neither with the `vigil_hist_sum` aggregate, whose state is rebuilt at
 *   every row, nor by expanding them with `jsonb_each_text` and rebuilding a jsonb object
 *   per group, which is several times slower than fetching the rows.
 */
export type { RollupTable };

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
const WITH_HIST = sql.raw(`${COUNTS}, hist, quantiles`);
const WITHOUT_HIST = sql.raw(`${COUNTS}, null::text as hist, null::float8[] as quantiles`);

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
  /** Merged histogram, when asked for (and `{}` for a group without any, or one answered by `stored`). */
  hist: Histogram;
  /**
   * With `hist.stored`: the STORED_QUANTILES of a group that is one rollup row carrying them
   * (a series bucket read from its own tier); its histogram is then not fetched at all.
   */
  stored: number[] | null;
}

/** The q-quantiles of an aggregated group: from its stored quantiles when it has them, else from its histogram. */
export function quantilesOf(a: Pick<Aggregated, "hist" | "stored">, qs: number[]): (number | null)[] {
  if (!a.stored) return quantiles(a.hist, qs);
  const stored = a.stored;
  return qs.map((q) => {
    const i = (STORED_QUANTILES as readonly number[]).indexOf(q);
    if (i < 0) throw new RangeError(`quantile ${q} is not stored; read the histogram (hist without stored)`);
    return stored[i];
  });
}

/**
 * Sums the counts of rollup rows per group and, when `hist` is given, merges their
 * histograms (only of the rows `hist.where` selects, e.g. one kind; the rows must have been
 * selected with `hist: true`). Groups are SQL expressions over rollup columns, e.g.
 * `{ kind: sql\`kind\` }` or a `date_bin` of `bucket_start`.
 *
 * Without histograms, PostgreSQL groups and sums. With them, the rows come back one by one
 * and are merged here: expanding jsonb histograms in SQL and rebuilding one per group
 * costs ~130 ms for a week of hourly rows (75k bins), fetching the same rows and merging
 * them in JS ~15 ms (docs/benchmarks.md, "Dashboard: analysis"). The rows are few by
 * construction: a window reads each part from its coarsest tier.
 */
export async function aggregate(db: Db, rows: SQL, groupBy: Record<string, SQL>, hist?: { where?: SQL; stored?: boolean }): Promise<Aggregated[]> {
  const names = Object.keys(groupBy);
  const keys = names.length ? names : ["all"];
  // Group columns are prefixed so they never collide with the rollup columns beside them.
  const col = (n: string) => sql.identifier(`g_${n}`);
  const exprs = names.length ? names.map((n) => sql`${groupBy[n]} as ${col(n)}`) : [sql`'all' as ${col("all")}`];
  const cols = sql.join(keys.map(col), sql`, `);
  const sums = sql.raw(`sum(count)::float8 as n, sum(error_count)::float8 as errors, sum(client_error_count)::float8 as client_errors,
    sum(cold_start_count)::float8 as cold, sum(good_count)::float8 as good, sum(poor_count)::float8 as poor`);
  const histOf = hist?.where ? sql`case when ${hist.where} then hist end` : sql`hist`;
  // A group of one row that carries stored quantiles (and that `hist.where` selects) needs no histogram (see `stored`).
  const alone = sql`(quantiles is not null ${hist?.where ? sql`and (${hist.where})` : sql``}
    and count(*) over (partition by ${sql.join(names.length ? names.map((n) => groupBy[n]) : [sql`1`], sql`, `)}) = 1)`;
  const result = hist
    ? await queryRows<Record<string, unknown>>(
        db,
        sql`select ${sql.join(exprs, sql`, `)}, count::float8 as n, error_count::float8 as errors, client_error_count::float8 as client_errors,
              cold_start_count::float8 as cold, good_count::float8 as good, poor_count::float8 as poor,
              ${hist.stored ? sql`case when ${alone} then null else (${histOf})::text end as hist, case when ${alone} then quantiles::text end as stored` : sql`(${histOf})::text as hist, null as stored`}
            from (${rows}) t`,
      )
    : await queryRows<Record<string, unknown>>(db, sql`select ${cols}, ${sums} from (select ${sql.join(exprs, sql`, `)}, t.* from (${rows}) t) r group by ${cols}`);

  const groups = new Map<string, Aggregated & { sum: HistogramSum | null }>();
  for (const r of result) {
    const key = Object.fromEntries(
      keys.map((k) => {
        const v = r[`g_${k}`];
        return [k, v instanceof Date ? v.toISOString() : String(v)];
      }),
    );
    const id = keys.map((k) => key[k]).join("\u0000");
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, count: 0, errors: 0, clientErrors: 0, coldStarts: 0, good: 0, poor: 0, hist: {}, stored: null, sum: null }));
    // "{12.5,80.1,…}": the one row of its group (the SQL made sure).
    if (typeof r.stored === "string") g.stored = r.stored.slice(1, -1).split(",").map(Number);
    g.count += Number(r.n);
    g.errors += Number(r.errors);
    g.clientErrors += Number(r.client_errors);
    g.coldStarts += Number(r.cold);
    g.good += Number(r.good);
    g.poor += Number(r.poor);
    if (typeof r.hist === "string") (g.sum ??= new HistogramSum()).addText(r.hist);
  }
  return [...groups.values()].map(({ sum, ...g }) => ({ ...g, hist: sum ? sum.toHistogram() : {} }));
}

/** `date_bin` of a rollup row's bucket into series buckets of `bucketMs`. */
export function binOf(bucketMs: number): SQL {
  return sql`date_bin(${bucketMs} * interval '1 millisecond', bucket_start, timestamptz 'epoch')`;
}
