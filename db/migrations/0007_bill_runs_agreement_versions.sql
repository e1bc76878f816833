CREATE TABLE `agreement_versions` (
	`agreement_id` text NOT NULL,
	`version` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`raw` text NOT NULL,
	`extra` text,
	`document` text NOT NULL,
	`changes` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`agreement_id`, `version`),
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agreement_versions_batch` ON `agreement_versions` (`batch_id`);--> statement-breakpoint
CREATE TABLE `bill_run_invoices` (
	`run_id` integer NOT NULL,
	`invoice_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`agreement_version` integer,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`total` text NOT NULL,
	`amount_due` text NOT NULL,
	`lines` text NOT NULL,
	`anomalies` text NOT NULL,
	PRIMARY KEY(`run_id`, `invoice_id`),
	FOREIGN KEY (`run_id`) REFERENCES `bill_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bill_run_invoices_invoice` ON `bill_run_invoices` (`invoice_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `bill_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`trigger` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`inputs` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bill_runs_period` ON `bill_runs` (`period`);--> statement-breakpoint
-- hand-written: agreements imported before versions existed are their own version 1.
INSERT INTO `agreement_versions` (`agreement_id`, `version`, `batch_id`, `line`, `raw`, `extra`, `document`, `changes`)
SELECT `id`, 1, `batch_id`, `line`, `raw`, `extra`, `document`, '[]' FROM `agreements`;
