CREATE TABLE `usage_period_stamps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`usage_seq` integer NOT NULL,
	`computed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_period_stamps_period_unique` ON `usage_period_stamps` (`period`);--> statement-breakpoint
CREATE TABLE `usage_period_totals` (
	`period` text NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`records` integer NOT NULL,
	`exact` integer NOT NULL,
	`sum_scaled` integer,
	`max_scaled` integer,
	`min_scaled` integer,
	`last_scaled` integer,
	`last_ts` text NOT NULL,
	`digits` text,
	`dup_groups` integer,
	PRIMARY KEY(`period`, `account_id`, `metric`)
);
--> statement-breakpoint
-- A deleted usage record (import undo) invalidates the cached totals of its period.
CREATE TRIGGER usage_records_delete_invalidates_totals AFTER DELETE ON usage_records
BEGIN DELETE FROM usage_period_stamps WHERE period = substr(OLD.ts, 1, 7); END;
