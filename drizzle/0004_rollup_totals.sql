-- Per-kind total rows (lib/ingest/rollups.ts TOTAL_KINDS) for rollups stored before they existed.
INSERT INTO "rollups_minute" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'invocation_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_minute" WHERE "kind" = 'invocation'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_minute" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'request_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_minute" WHERE "kind" = 'request'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_minute" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'vital_total', "bucket_start", "environment", split_part("dimension", ' ', 1), sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_minute" WHERE "kind" = 'vital'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_hour" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'invocation_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_hour" WHERE "kind" = 'invocation'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_hour" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'request_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_hour" WHERE "kind" = 'request'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_hour" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'vital_total', "bucket_start", "environment", split_part("dimension", ' ', 1), sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_hour" WHERE "kind" = 'vital'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_day" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'invocation_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_day" WHERE "kind" = 'invocation'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_day" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'request_total', "bucket_start", "environment", '*', sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_day" WHERE "kind" = 'request'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "rollups_day" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", 'vital_total', "bucket_start", "environment", split_part("dimension", ' ', 1), sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_day" WHERE "kind" = 'vital'
GROUP BY 1, 3, 4, 5
ON CONFLICT DO NOTHING;
