ALTER TABLE `import_batches` ADD `first_row_id` integer;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `last_row_id` integer;--> statement-breakpoint
ALTER TABLE `usage_records` ADD `content_key` blob;--> statement-breakpoint
-- Imported rows are never edited (0005): the trigger steps aside for this one rewrite of the key's form, inside the migration's transaction.
DROP TRIGGER `usage_records_no_update`;--> statement-breakpoint
UPDATE `usage_records` SET `content_key` = unhex(substr(`dedup_key`, 6, 32)) WHERE `dedup_key` LIKE 'hash:%';--> statement-breakpoint
CREATE TRIGGER usage_records_no_update BEFORE UPDATE ON usage_records
BEGIN SELECT RAISE(ABORT, 'imported usage records are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
UPDATE `import_batches` SET `first_row_id` = (SELECT min(`id`) FROM `usage_records` u WHERE u.`batch_id` = `import_batches`.`id`), `last_row_id` = (SELECT max(`id`) FROM `usage_records` u WHERE u.`batch_id` = `import_batches`.`id`) WHERE `kind` = 'usage';--> statement-breakpoint
CREATE UNIQUE INDEX `usage_event_id` ON `usage_records` (`event_id`) WHERE event_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `usage_content_key` ON `usage_records` (`content_key`) WHERE content_key IS NOT NULL;
