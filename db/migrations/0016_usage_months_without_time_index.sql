-- Issue 18, storage step 3: no index leads with a usage row's time any more (usage_at cost 2.8 s and
-- 20 MB per million rows imported). A read of a period across all series ranges usage_series_at per
-- series; the months that have usage (the period list) are kept per import instead.
DROP INDEX `usage_at`;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `periods` text;--> statement-breakpoint
-- The months of each usage import already stored, read along its id range (first_row_id..last_row_id).
UPDATE `import_batches` SET `periods` = (
  SELECT json_group_array(`month`) FROM (
    SELECT DISTINCT strftime('%Y-%m', u.`at` / 1000.0, 'unixepoch') AS `month` FROM `usage_rows` u
    WHERE u.`id` BETWEEN `import_batches`.`first_row_id` AND `import_batches`.`last_row_id` AND u.`batch_id` = `import_batches`.`id`
    ORDER BY 1))
WHERE `kind` = 'usage' AND `first_row_id` IS NOT NULL;
