-- One histogram merge. 0002's vigil_hist_merge treated only SQL NULL as empty: a JSON null
-- or any non-object made jsonb_each_text fail the statement. This is the version the tests
-- exercise (lib/rollups/histogram.test.ts runs it as the migrations install it): SQL NULL,
-- JSON null, {} or any non-object on either side act as the empty histogram. Used by the
-- fold's conflict path (lib/rollups/deltas.ts) and the vigil_hist_sum aggregate.
CREATE OR REPLACE FUNCTION vigil_hist_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(kv.key, kv.total), '{}'::jsonb)
  FROM (
    SELECT e.key, sum(e.value::bigint) AS total
    FROM (
      SELECT key, value FROM jsonb_each_text(CASE WHEN jsonb_typeof(a) = 'object' THEN a ELSE '{}'::jsonb END)
      UNION ALL
      SELECT key, value FROM jsonb_each_text(CASE WHEN jsonb_typeof(b) = 'object' THEN b ELSE '{}'::jsonb END)
    ) AS e
    GROUP BY e.key
  ) AS kv
$$;
