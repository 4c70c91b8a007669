CREATE TABLE "rollups_pending" (
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
	"hist" jsonb NOT NULL
);
