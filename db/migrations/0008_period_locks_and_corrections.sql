CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`source_kind` text,
	`source_id` integer,
	`agreement_id` text,
	`charge_position` integer,
	`code` text,
	`quantity` text,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`removed_at` text,
	`removed_by` text,
	`removed_reason` text
);
--> statement-breakpoint
CREATE INDEX `corrections_period` ON `corrections` (`period`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `corrections_active_row` ON `corrections` (`source_kind`,`source_id`) WHERE kind = 'exclude_row' AND removed_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `corrections_active_override` ON `corrections` (`agreement_id`,`period`,`charge_position`) WHERE kind = 'override_quantity' AND removed_at IS NULL;--> statement-breakpoint
CREATE TABLE `invoice_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` text NOT NULL,
	`actor` text NOT NULL,
	`how` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_changes_invoice` ON `invoice_changes` (`invoice_id`,`id`);--> statement-breakpoint
CREATE TABLE `period_locks` (
	`period` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`closed_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
