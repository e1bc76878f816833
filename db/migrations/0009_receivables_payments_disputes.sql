CREATE TABLE `disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`dispute_id` text NOT NULL,
	`invoice_number` text NOT NULL,
	`opened_on` text NOT NULL,
	`reason` text NOT NULL,
	`amount` text,
	`resolved_on` text,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disputes_dispute_id` ON `disputes` (`dispute_id`);--> statement-breakpoint
CREATE INDEX `disputes_invoice` ON `disputes` (`invoice_number`);--> statement-breakpoint
CREATE INDEX `disputes_batch` ON `disputes` (`batch_id`);--> statement-breakpoint
CREATE TABLE `owner_queries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`owner` text,
	`question` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_by` text NOT NULL,
	`raised_at` text NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` text,
	`resolution` text,
	`resolved_by` text,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `owner_queries_owner` ON `owner_queries` (`owner`,`status`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`line` integer NOT NULL,
	`payment_id` text NOT NULL,
	`date` text NOT NULL,
	`account_id` text NOT NULL,
	`amount` text NOT NULL,
	`currency` text NOT NULL,
	`invoice_number` text,
	`method` text,
	`reference` text,
	`raw` text NOT NULL,
	`extra` text,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_payment_id` ON `payments` (`payment_id`);--> statement-breakpoint
CREATE INDEX `payments_order` ON `payments` (`date`,`payment_id`);--> statement-breakpoint
CREATE INDEX `payments_account` ON `payments` (`account_id`,`currency`);--> statement-breakpoint
CREATE INDEX `payments_batch` ON `payments` (`batch_id`);