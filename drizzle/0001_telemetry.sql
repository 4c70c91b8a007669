CREATE TABLE "deployment_events" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"status" text NOT NULL,
	"commit_sha" text,
	"branch" text,
	"commit_message" text,
	"framework" text,
	"url" text,
	"build_duration_ms" double precision,
	"duration_ms" double precision
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"project_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"environment" text NOT NULL,
	"status" text NOT NULL,
	"status_rank" integer NOT NULL,
	"status_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"reported_duration_ms" double precision,
	"duration_ms" double precision,
	"build_duration_ms" double precision,
	"commit_sha" text,
	"branch" text,
	"commit_message" text,
	"framework" text,
	"url" text,
	"event_count" integer NOT NULL,
	CONSTRAINT "deployments_project_id_deployment_id_pk" PRIMARY KEY("project_id","deployment_id")
);
--> statement-breakpoint
CREATE TABLE "error_events" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"issue_id" uuid NOT NULL,
	"name" text,
	"message" text,
	"level" text NOT NULL,
	"stack" text,
	"frames" jsonb,
	"release" text,
	"route" text,
	"function_name" text,
	"user_id" text
);
--> statement-breakpoint
CREATE TABLE "invocations" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"function_name" text NOT NULL,
	"duration_ms" double precision NOT NULL,
	"status" text NOT NULL,
	"cold_start" boolean,
	"memory_used_mb" double precision,
	"region" text,
	"status_code" integer
);
--> statement-breakpoint
CREATE TABLE "issues" (
	"project_id" text NOT NULL,
	"id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"grouping_version" integer NOT NULL,
	"title" text NOT NULL,
	"culprit" text,
	"level" text NOT NULL,
	"status" text DEFAULT 'unresolved' NOT NULL,
	"regressed_at" timestamp (3) with time zone,
	"resolved_at" timestamp (3) with time zone,
	"first_seen" timestamp (3) with time zone NOT NULL,
	"last_seen" timestamp (3) with time zone NOT NULL,
	"event_count" bigint NOT NULL,
	CONSTRAINT "issues_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "logs" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"path" text,
	"status_code" integer NOT NULL,
	"duration_ms" double precision NOT NULL,
	"region" text
);
--> statement-breakpoint
CREATE TABLE "rollups_hour" (
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
	CONSTRAINT "rollups_hour_project_id_kind_bucket_start_environment_dimension_pk" PRIMARY KEY("project_id","kind","bucket_start","environment","dimension")
);
--> statement-breakpoint
CREATE TABLE "rollups_minute" (
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
	CONSTRAINT "rollups_minute_project_id_kind_bucket_start_environment_dimension_pk" PRIMARY KEY("project_id","kind","bucket_start","environment","dimension")
);
--> statement-breakpoint
CREATE TABLE "vitals" (
	"project_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"environment" text NOT NULL,
	"deployment_id" text,
	"attributes" jsonb,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"route" text NOT NULL,
	"rating" text
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deployment_events_dedupe" ON "deployment_events" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "deployment_events_deployment_idx" ON "deployment_events" USING btree ("project_id","deployment_id","ts");--> statement-breakpoint
CREATE INDEX "deployments_started_idx" ON "deployments" USING btree ("project_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "error_events_dedupe" ON "error_events" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "error_events_issue_idx" ON "error_events" USING btree ("project_id","issue_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "invocations_dedupe" ON "invocations" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "invocations_time_idx" ON "invocations" USING btree ("project_id","ts");--> statement-breakpoint
CREATE INDEX "issues_last_seen_idx" ON "issues" USING btree ("project_id","last_seen");--> statement-breakpoint
CREATE UNIQUE INDEX "logs_dedupe" ON "logs" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "logs_time_idx" ON "logs" USING btree ("project_id","ts");--> statement-breakpoint
CREATE INDEX "logs_search_idx" ON "logs" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_dedupe" ON "requests" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "requests_time_idx" ON "requests" USING btree ("project_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "vitals_dedupe" ON "vitals" USING btree ("project_id","event_id");--> statement-breakpoint
CREATE INDEX "vitals_time_idx" ON "vitals" USING btree ("project_id","ts");