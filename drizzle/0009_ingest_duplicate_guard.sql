-- The one-statement ingest write (lib/ingest/writer.ts) stores a group's raw rows and, in
-- the same statement, the rollup deltas and issue counts computed from all of them. When
-- some rows were duplicates, those derived rows would count events not stored: this guard
-- aborts the statement (nothing of it is kept) and the writer retries the group in a
-- transaction that derives them from the rows actually stored.
CREATE OR REPLACE FUNCTION vigil_assert_all_stored(stored bigint, expected bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
  IF stored <> expected THEN
    RAISE EXCEPTION 'ingest group: % of % events are already stored', expected - stored, expected
      USING ERRCODE = 'VGDUP';
  END IF;
  RETURN stored;
END
$$;
