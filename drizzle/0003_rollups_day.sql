CREATE TABLE "rollups_day" (
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"environment" text NOT NULL,
	"dimension" text NOT NULL,
	"count" bigint NOT NULL,
	"error_count" bigint NOT NULL,
	"client_error_count" bigint NOT NULL,
	"cold_start_count" bigint NOT NULL,
	"good_count" bigint NOT NULL,
	"poor_count" bigint NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision,
	"max" double precision,
	"hist" jsonb NOT NULL,
	CONSTRAINT "rollups_day_project_id_kind_bucket_start_environment_dimension_pk" PRIMARY KEY("project_id","kind","bucket_start","environment","dimension")
);
--> statement-breakpoint
-- Day rollups of data stored before this tier existed, from the hour rollups (24 rows per group at most).
INSERT INTO "rollups_day" ("project_id", "kind", "bucket_start", "environment", "dimension", "count", "error_count", "client_error_count",
  "cold_start_count", "good_count", "poor_count", "sum", "min", "max", "hist")
SELECT "project_id", "kind", date_bin('1 day', "bucket_start", timestamptz 'epoch'), "environment", "dimension", sum("count"), sum("error_count"),
  sum("client_error_count"), sum("cold_start_count"), sum("good_count"), sum("poor_count"), sum("sum"), min("min"), max("max"), vigil_hist_sum("hist")
FROM "rollups_hour"
GROUP BY 1, 2, 3, 4, 5;
