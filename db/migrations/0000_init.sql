CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agreement_id` text NOT NULL,
	`period` text NOT NULL,
	`description` text NOT NULL,
	`amount` text NOT NULL,
	`reason` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`account_name` text,
	`currency` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`owner` text,
	`po_number` text,
	`bill_to` text,
	`payment_terms_days` integer NOT NULL,
	`tax_rate` text NOT NULL,
	`discount_percent` text NOT NULL,
	`minimum_commitment` text NOT NULL,
	`deposit` text NOT NULL,
	`document` text NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agreements_account` ON `agreements` (`account_id`);--> statement-breakpoint
CREATE TABLE `anomalies` (
	`id` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`rule` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`status_note` text,
	`active` integer DEFAULT true NOT NULL,
	`account_id` text,
	`agreement_id` text,
	`invoice_id` text,
	`line_id` integer,
	`person` text,
	`metric` text,
	`details` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`last_seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `anomalies_period` ON `anomalies` (`period`);--> statement-breakpoint
CREATE INDEX `anomalies_invoice` ON `anomalies` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `anomaly_sources` (
	`anomaly_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	PRIMARY KEY(`anomaly_id`, `source_kind`, `source_id`),
	FOREIGN KEY (`anomaly_id`) REFERENCES `anomalies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`reason` text,
	`details` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `charge_tiers` (
	`charge_id` integer NOT NULL,
	`position` integer NOT NULL,
	`up_to` text,
	`unit_price` text NOT NULL,
	`flat_fee` text NOT NULL,
	PRIMARY KEY(`charge_id`, `position`),
	FOREIGN KEY (`charge_id`) REFERENCES `charges`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agreement_id` text NOT NULL,
	`position` integer NOT NULL,
	`type` text NOT NULL,
	`code` text,
	`description` text,
	`metric` text,
	`aggregation` text,
	`model` text,
	`amount` text,
	`unit_price` text,
	`included` text,
	`package_size` text,
	`package_price` text,
	`hours_kind` text,
	`role` text,
	`rate` text,
	`increment_minutes` integer,
	`included_hours` text,
	`bill_on` text,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `charges_agreement_position` ON `charges` (`agreement_id`,`position`);--> statement-breakpoint
CREATE INDEX `charges_metric` ON `charges` (`metric`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`file_size` integer NOT NULL,
	`sha256` text NOT NULL,
	`kind` text NOT NULL,
	`profile` text,
	`rows` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'complete' NOT NULL,
	`imported_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`description` text NOT NULL,
	`quantity` text NOT NULL,
	`unit_price` text NOT NULL,
	`amount` text NOT NULL,
	`charge_position` integer,
	`metric` text,
	`detail` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lines_invoice` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`account_id` text NOT NULL,
	`period` text NOT NULL,
	`currency` text NOT NULL,
	`document_type` text DEFAULT 'invoice' NOT NULL,
	`credits_invoice_id` text,
	`status` text NOT NULL,
	`on_hold` integer DEFAULT false NOT NULL,
	`invoice_number` text,
	`subtotal` text NOT NULL,
	`discount` text NOT NULL,
	`tax` text NOT NULL,
	`total` text NOT NULL,
	`deposit_applied` text NOT NULL,
	`amount_due` text NOT NULL,
	`rated_at` text NOT NULL,
	`rated_by` text NOT NULL,
	`approved_at` text,
	`approved_by` text,
	`issue_date` text,
	`due_date` text,
	`finalized_at` text,
	`pdf_sha256` text,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoices_period` ON `invoices` (`period`);--> statement-breakpoint
CREATE INDEX `invoices_agreement_period` ON `invoices` (`agreement_id`,`period`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number` ON `invoices` (`invoice_number`);--> statement-breakpoint
CREATE TABLE `line_sources` (
	`invoice_id` text NOT NULL,
	`charge_position` integer NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` integer NOT NULL,
	PRIMARY KEY(`invoice_id`, `charge_position`, `source_kind`, `source_id`),
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `line_sources_source` ON `line_sources` (`source_kind`,`source_id`);--> statement-breakpoint
CREATE TABLE `number_sequences` (
	`name` text PRIMARY KEY NOT NULL,
	`next` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rejected_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`field` text,
	`reason` text NOT NULL,
	`raw` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rejected_batch` ON `rejected_rows` (`batch_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`dedup_key` text NOT NULL,
	`entry_id` text,
	`date` text NOT NULL,
	`account_id` text NOT NULL,
	`person` text NOT NULL,
	`kind` text NOT NULL,
	`role` text,
	`hours` text NOT NULL,
	`billable` integer NOT NULL,
	`rate` text,
	`project` text,
	`notes` text,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hours_dedup` ON `time_entries` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `hours_account_date` ON `time_entries` (`account_id`,`date`);--> statement-breakpoint
CREATE INDEX `hours_date` ON `time_entries` (`date`);--> statement-breakpoint
CREATE INDEX `hours_batch` ON `time_entries` (`batch_id`);--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`dedup_key` text NOT NULL,
	`event_id` text,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`quantity` text NOT NULL,
	`quantity_scaled` integer GENERATED ALWAYS AS (CASE
  WHEN instr(quantity, '.') = 0 THEN
    CASE WHEN length(quantity) <= 12 THEN CAST(quantity AS INTEGER) * 1000000 END
  WHEN instr(quantity, '.') <= 13 AND length(quantity) - instr(quantity, '.') <= 6 THEN
    CAST(substr(quantity, 1, instr(quantity, '.') - 1) AS INTEGER) * 1000000
      + CAST(substr(substr(quantity, instr(quantity, '.') + 1) || '000000', 1, 6) AS INTEGER)
END) STORED,
	`ts` text NOT NULL,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_dedup` ON `usage_records` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `usage_account_metric_ts` ON `usage_records` (`account_id`,`metric`,`ts`,`quantity_scaled`);--> statement-breakpoint
CREATE INDEX `usage_ts` ON `usage_records` (`ts`,`account_id`,`metric`);--> statement-breakpoint
CREATE INDEX `usage_batch` ON `usage_records` (`batch_id`);--> statement-breakpoint
CREATE TABLE `usage_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` text NOT NULL,
	`charge_position` integer NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`ts_from` text NOT NULL,
	`ts_to` text NOT NULL,
	`max_usage_id` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_spans_invoice` ON `usage_spans` (`invoice_id`,`charge_position`);--> statement-breakpoint
CREATE INDEX `usage_spans_subject` ON `usage_spans` (`account_id`,`metric`,`ts_from`);