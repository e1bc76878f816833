DROP INDEX `usage_dedup`;--> statement-breakpoint
DROP INDEX `usage_batch`;--> statement-breakpoint
ALTER TABLE `usage_records` DROP COLUMN `dedup_key`;--> statement-breakpoint
ALTER TABLE `usage_records` DROP COLUMN `raw`;--> statement-breakpoint
ALTER TABLE `time_entries` DROP COLUMN `raw`;