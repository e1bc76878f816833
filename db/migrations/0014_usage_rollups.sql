CREATE TABLE `usage_rollup_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` text NOT NULL,
	`charge_position` integer NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`day_from` text NOT NULL,
	`day_to` text NOT NULL,
	`max_rollup_id` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_rollup_spans_invoice` ON `usage_rollup_spans` (`invoice_id`,`charge_position`);--> statement-breakpoint
CREATE INDEX `usage_rollup_spans_subject` ON `usage_rollup_spans` (`account_id`,`metric`,`day_from`);--> statement-breakpoint
CREATE TABLE `usage_rollups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`day` text NOT NULL,
	`sum` text NOT NULL,
	`count` integer NOT NULL,
	`max` text NOT NULL,
	`last_ts` text NOT NULL,
	`last_quantity` text NOT NULL,
	`source` text NOT NULL,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_rollups_day` ON `usage_rollups` (`account_id`,`metric`,`day`);--> statement-breakpoint
CREATE INDEX `usage_rollups_batch` ON `usage_rollups` (`batch_id`);--> statement-breakpoint
-- Like usage records (0005): imported rollups are never edited, and those a finalized invoice billed stay.
CREATE TRIGGER usage_rollups_no_update BEFORE UPDATE ON usage_rollups
BEGIN SELECT RAISE(ABORT, 'imported usage rollups are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
CREATE TRIGGER usage_rollups_finalized_no_delete BEFORE DELETE ON usage_rollups
WHEN EXISTS (SELECT 1 FROM usage_rollup_spans s JOIN invoices i ON i.id = s.invoice_id
             WHERE i.status = 'finalized' AND s.account_id = OLD.account_id AND s.metric = OLD.metric
               AND OLD.day >= s.day_from AND OLD.day < s.day_to AND OLD.id <= s.max_rollup_id)
BEGIN SELECT RAISE(ABORT, 'usage rollups billed on a finalized invoice cannot be deleted'); END;
