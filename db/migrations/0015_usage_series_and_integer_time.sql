-- Issue 18, storage step 2: each (account, metric) is stored once in usage_series, and a usage row keeps
-- its series id and its instant as integer milliseconds (`at`) instead of three text columns repeated in
-- the table and in two indexes. The old table's name becomes a view that shows the readable form. The scaled
-- quantity becomes VIRTUAL: its value is kept in usage_series_at, where the aggregations read it.
CREATE TABLE `usage_series` (
	`id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_series_account_metric` ON `usage_series` (`account_id`,`metric`);--> statement-breakpoint
INSERT INTO `usage_series` (`account_id`, `metric`) SELECT DISTINCT `account_id`, `metric` FROM `usage_records` ORDER BY `account_id`, `metric`;--> statement-breakpoint
CREATE TABLE `usage_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`event_id` text,
	`content_key` blob,
	`series_id` integer NOT NULL,
	`quantity` text NOT NULL,
	`quantity_scaled` integer GENERATED ALWAYS AS (CASE
  WHEN instr(quantity, '.') = 0 THEN
    CASE WHEN length(quantity) <= 12 THEN CAST(quantity AS INTEGER) * 1000000 END
  WHEN instr(quantity, '.') <= 13 AND length(quantity) - instr(quantity, '.') <= 6 THEN
    CAST(substr(quantity, 1, instr(quantity, '.') - 1) AS INTEGER) * 1000000
      + CAST(substr(substr(quantity, instr(quantity, '.') + 1) || '000000', 1, 6) AS INTEGER)
END) VIRTUAL,
	`at` integer NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`series_id`) REFERENCES `usage_series`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Stored ts values are canonical (YYYY-MM-DDTHH:MM:SS.sssZ): whole seconds by unixepoch, exact for any year, plus the milliseconds.
INSERT INTO `usage_rows` (`id`, `batch_id`, `line`, `event_id`, `content_key`, `series_id`, `quantity`, `at`, `extra`)
  SELECT u.`id`, u.`batch_id`, u.`line`, u.`event_id`, u.`content_key`, s.`id`, u.`quantity`,
         unixepoch(substr(u.`ts`, 1, 19)) * 1000 + CAST(substr(u.`ts`, 21, 3) AS INTEGER), u.`extra`
  FROM `usage_records` u JOIN `usage_series` s ON s.`account_id` = u.`account_id` AND s.`metric` = u.`metric`
  ORDER BY u.`id`;--> statement-breakpoint
-- Ids are never reused (period stamps and invoice spans compare against the counter), so the counter carries over, deleted tail included.
INSERT INTO sqlite_sequence (`name`, `seq`)
  SELECT 'usage_rows', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE `name` = 'usage_rows');--> statement-breakpoint
UPDATE sqlite_sequence SET `seq` = max(`seq`, coalesce((SELECT `seq` FROM sqlite_sequence WHERE `name` = 'usage_records'), 0)) WHERE `name` = 'usage_rows';--> statement-breakpoint
DROP TABLE `usage_records`;--> statement-breakpoint
CREATE UNIQUE INDEX `usage_event_id` ON `usage_rows` (`event_id`) WHERE event_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `usage_content_key` ON `usage_rows` (`content_key`) WHERE content_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `usage_series_at` ON `usage_rows` (`series_id`,`at`,`quantity_scaled`);--> statement-breakpoint
CREATE INDEX `usage_at` ON `usage_rows` (`at`,`series_id`);--> statement-breakpoint
-- The readable form, under the old name: a plain join SQLite flattens into the query that reads it, so a
-- filter on series_id, at, account_id or metric still uses the indexes. `ts` is computed for the rows read.
CREATE VIEW `usage_records` AS
  SELECT r.`id`, r.`batch_id`, r.`line`, r.`event_id`, r.`content_key`, r.`series_id`, s.`account_id`, s.`metric`,
         r.`quantity`, r.`quantity_scaled`, r.`at`, strftime('%Y-%m-%dT%H:%M:%fZ', r.`at` / 1000.0, 'unixepoch') AS `ts`, r.`extra`
  FROM `usage_rows` r JOIN `usage_series` s ON s.`id` = r.`series_id`;--> statement-breakpoint
-- The triggers of 0002, 0005 and 0012, moved to the stored table (dropping usage_records dropped them).
CREATE TRIGGER usage_rows_delete_invalidates_totals AFTER DELETE ON usage_rows
BEGIN DELETE FROM usage_period_stamps WHERE period = strftime('%Y-%m', OLD.at / 1000.0, 'unixepoch'); END;
--> statement-breakpoint
CREATE TRIGGER usage_rows_no_update BEFORE UPDATE ON usage_rows
BEGIN SELECT RAISE(ABORT, 'imported usage records are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
-- A series is what its rows mean: renaming one would move every row of it to another account or metric.
CREATE TRIGGER usage_series_no_update BEFORE UPDATE ON usage_series
BEGIN SELECT RAISE(ABORT, 'imported usage records are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
CREATE TRIGGER usage_rows_finalized_no_delete BEFORE DELETE ON usage_rows
WHEN EXISTS (SELECT 1 FROM usage_series us JOIN usage_spans s ON s.account_id = us.account_id AND s.metric = us.metric
             JOIN invoices i ON i.id = s.invoice_id
             WHERE us.id = OLD.series_id AND i.status = 'finalized' AND OLD.id <= s.max_usage_id
               AND OLD.at >= unixepoch(substr(s.ts_from, 1, 19)) * 1000 + CAST(substr(s.ts_from, 21, 3) AS INTEGER)
               AND OLD.at < unixepoch(substr(s.ts_to, 1, 19)) * 1000 + CAST(substr(s.ts_to, 21, 3) AS INTEGER))
BEGIN SELECT RAISE(ABORT, 'usage records billed on a finalized invoice cannot be deleted'); END;
