-- Rollup histograms are stored as the text of their JSON (lib/db/schema/telemetry.ts,
-- histogramText): reads merge them in Node, and printing jsonb as text cost PostgreSQL ~4×
-- what handing over stored text does. `hist::text` keeps jsonb's canonical layout.
ALTER TABLE "rollups_day" ALTER COLUMN "hist" SET DATA TYPE text USING "hist"::text;--> statement-breakpoint
ALTER TABLE "rollups_hour" ALTER COLUMN "hist" SET DATA TYPE text USING "hist"::text;--> statement-breakpoint
ALTER TABLE "rollups_minute" ALTER COLUMN "hist" SET DATA TYPE text USING "hist"::text;--> statement-breakpoint
ALTER TABLE "rollups_pending" ALTER COLUMN "hist" SET DATA TYPE text USING "hist"::text;
