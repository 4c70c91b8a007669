CREATE TABLE "sentry_keys" (
	"project_id" text PRIMARY KEY NOT NULL,
	"project_ref" integer NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	CONSTRAINT "sentry_keys_project_ref_unique" UNIQUE("project_ref"),
	CONSTRAINT "sentry_keys_public_key_unique" UNIQUE("public_key")
);
--> statement-breakpoint
ALTER TABLE "sentry_keys" ADD CONSTRAINT "sentry_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;