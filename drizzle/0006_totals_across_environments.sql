-- Per-kind total rows span every environment (environment '*', lib/ingest/rollups.ts
-- ALL_ENVIRONMENTS): reads never split totals by environment, and one row per bucket halves
-- what a series merges. Rows written per environment before are merged into one.
UPDATE "rollups_pending" SET "environment" = '*' WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total');
--> statement-breakpoint
INSERT INTO "rollups_minute" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count", "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", "kind", "bucket_start", '*', "dimension", sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_minute" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*'
GROUP BY "project_id", "kind", "bucket_start", "dimension"
ON CONFLICT ("project_id", "kind", "bucket_start", "environment", "dimension") DO UPDATE SET
  "count" = "rollups_minute"."count" + excluded."count",
  "error_count" = "rollups_minute"."error_count" + excluded."error_count",
  "client_error_count" = "rollups_minute"."client_error_count" + excluded."client_error_count",
  "cold_start_count" = "rollups_minute"."cold_start_count" + excluded."cold_start_count",
  "good_count" = "rollups_minute"."good_count" + excluded."good_count",
  "poor_count" = "rollups_minute"."poor_count" + excluded."poor_count",
  "sum" = "rollups_minute"."sum" + excluded."sum",
  "min" = least("rollups_minute"."min", excluded."min"),
  "max" = greatest("rollups_minute"."max", excluded."max"),
  "hist" = vigil_hist_merge("rollups_minute"."hist", excluded."hist");
--> statement-breakpoint
DELETE FROM "rollups_minute" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*';
--> statement-breakpoint
INSERT INTO "rollups_hour" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count", "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", "kind", "bucket_start", '*', "dimension", sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_hour" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*'
GROUP BY "project_id", "kind", "bucket_start", "dimension"
ON CONFLICT ("project_id", "kind", "bucket_start", "environment", "dimension") DO UPDATE SET
  "count" = "rollups_hour"."count" + excluded."count",
  "error_count" = "rollups_hour"."error_count" + excluded."error_count",
  "client_error_count" = "rollups_hour"."client_error_count" + excluded."client_error_count",
  "cold_start_count" = "rollups_hour"."cold_start_count" + excluded."cold_start_count",
  "good_count" = "rollups_hour"."good_count" + excluded."good_count",
  "poor_count" = "rollups_hour"."poor_count" + excluded."poor_count",
  "sum" = "rollups_hour"."sum" + excluded."sum",
  "min" = least("rollups_hour"."min", excluded."min"),
  "max" = greatest("rollups_hour"."max", excluded."max"),
  "hist" = vigil_hist_merge("rollups_hour"."hist", excluded."hist");
--> statement-breakpoint
DELETE FROM "rollups_hour" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*';
--> statement-breakpoint
INSERT INTO "rollups_day" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count", "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", "kind", "bucket_start", '*', "dimension", sum("count"), sum("error_count"), sum("client_error_count"),
  sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_day" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*'
GROUP BY "project_id", "kind", "bucket_start", "dimension"
ON CONFLICT ("project_id", "kind", "bucket_start", "environment", "dimension") DO UPDATE SET
  "count" = "rollups_day"."count" + excluded."count",
  "error_count" = "rollups_day"."error_count" + excluded."error_count",
  "client_error_count" = "rollups_day"."client_error_count" + excluded."client_error_count",
  "cold_start_count" = "rollups_day"."cold_start_count" + excluded."cold_start_count",
  "good_count" = "rollups_day"."good_count" + excluded."good_count",
  "poor_count" = "rollups_day"."poor_count" + excluded."poor_count",
  "sum" = "rollups_day"."sum" + excluded."sum",
  "min" = least("rollups_day"."min", excluded."min"),
  "max" = greatest("rollups_day"."max", excluded."max"),
  "hist" = vigil_hist_merge("rollups_day"."hist", excluded."hist");
--> statement-breakpoint
DELETE FROM "rollups_day" WHERE "kind" IN ('invocation_total', 'request_total', 'vital_total') AND "environment" <> '*';
