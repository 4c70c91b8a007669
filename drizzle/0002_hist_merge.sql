-- Merges two sparse latency histograms ({"<bucket>": count}) by summing counts per bucket.
-- SQL-language (not plpgsql) so it runs unchanged on PostgreSQL and PGlite; used by the
-- rollup upserts (lib/ingest/rollups.ts) and by reads that combine buckets.
CREATE OR REPLACE FUNCTION vigil_hist_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
  FROM (
    SELECT key, sum(value::bigint) AS total
    FROM (
      SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
      UNION ALL
      SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))
    ) entries
    GROUP BY key
  ) merged
$$;
--> statement-breakpoint
-- The same as an aggregate, to merge a window of rollup rows in one query.
CREATE OR REPLACE AGGREGATE vigil_hist_sum(jsonb) (SFUNC = vigil_hist_merge, STYPE = jsonb, INITCOND = '{}');
