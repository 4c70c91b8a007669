-- The one-statement ingest write (lib/ingest/writer.ts) no longer skips duplicates, so it
-- no longer counts what it stored: an already-stored event id makes the unique index abort
-- the statement (SQLSTATE 23505), which does what the guard of 0009 did without the
-- speculative-insertion lookup that ON CONFLICT costs every row.
DROP FUNCTION IF EXISTS vigil_assert_all_stored(bigint, bigint);
