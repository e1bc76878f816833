ALTER TABLE `invoice_documents` ADD `einvoice_form` text;--> statement-breakpoint
ALTER TABLE `invoice_documents` ADD `einvoice_xml` text;