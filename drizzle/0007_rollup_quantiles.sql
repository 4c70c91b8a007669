ALTER TABLE "rollups_day" ADD COLUMN "quantiles" double precision[];--> statement-breakpoint
ALTER TABLE "rollups_hour" ADD COLUMN "quantiles" double precision[];--> statement-breakpoint
ALTER TABLE "rollups_minute" ADD COLUMN "quantiles" double precision[];