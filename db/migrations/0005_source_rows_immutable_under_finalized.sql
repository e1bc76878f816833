-- Imported rows are never edited: a correction is an undone import and a corrected file (the period totals cache relies on it too).
CREATE TRIGGER usage_records_no_update BEFORE UPDATE ON usage_records
BEGIN SELECT RAISE(ABORT, 'imported usage records are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
CREATE TRIGGER time_entries_no_update BEFORE UPDATE ON time_entries
BEGIN SELECT RAISE(ABORT, 'imported time entries are never edited; undo the import and import a corrected file'); END;
--> statement-breakpoint
-- The rows a finalized invoice billed stay, so the issued document can always be traced to them.
CREATE TRIGGER usage_records_finalized_no_delete BEFORE DELETE ON usage_records
WHEN EXISTS (SELECT 1 FROM usage_spans s JOIN invoices i ON i.id = s.invoice_id
             WHERE i.status = 'finalized' AND s.account_id = OLD.account_id AND s.metric = OLD.metric
               AND OLD.ts >= s.ts_from AND OLD.ts < s.ts_to AND OLD.id <= s.max_usage_id)
BEGIN SELECT RAISE(ABORT, 'usage records billed on a finalized invoice cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER time_entries_finalized_no_delete BEFORE DELETE ON time_entries
WHEN EXISTS (SELECT 1 FROM line_sources s JOIN invoices i ON i.id = s.invoice_id
             WHERE s.source_kind = 'hours' AND s.source_id = OLD.id AND i.status = 'finalized')
BEGIN SELECT RAISE(ABORT, 'time entries billed on a finalized invoice cannot be deleted'); END;
