CREATE TABLE `invoice_documents` (
	`invoice_id` text PRIMARY KEY NOT NULL,
	`pdf` blob NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- An issued document never changes and is never withdrawn (a correction is a credit note with its own document).
CREATE TRIGGER invoice_documents_no_update BEFORE UPDATE ON invoice_documents
BEGIN SELECT RAISE(ABORT, 'issued invoice documents are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_documents_no_delete BEFORE DELETE ON invoice_documents
BEGIN SELECT RAISE(ABORT, 'issued invoice documents are immutable'); END;
--> statement-breakpoint
-- Only a finalized invoice has an issued document.
CREATE TRIGGER invoice_documents_finalized_only BEFORE INSERT ON invoice_documents
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) IS NOT 'finalized'
BEGIN SELECT RAISE(ABORT, 'only finalized invoices have an issued document'); END;
