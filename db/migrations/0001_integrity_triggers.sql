-- Rules the database itself enforces, so no code path (nor a hand-run SQL shell) can break them.
-- A finalized invoice is immutable: corrected only by a credit note.
CREATE TRIGGER invoices_finalized_no_update BEFORE UPDATE ON invoices
WHEN OLD.status = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER invoices_finalized_no_delete BEFORE DELETE ON invoices
WHEN OLD.status = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_finalized_no_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_finalized_no_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_finalized_no_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER line_sources_finalized_no_delete BEFORE DELETE ON line_sources
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
--> statement-breakpoint
-- The audit trail is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER usage_spans_finalized_no_delete BEFORE DELETE ON usage_spans
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'finalized'
BEGIN SELECT RAISE(ABORT, 'finalized invoices are immutable'); END;
