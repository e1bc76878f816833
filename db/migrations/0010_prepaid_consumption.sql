CREATE TABLE `prepaid_consumption` (
	`invoice_id` text NOT NULL,
	`block` integer NOT NULL,
	`metric` text NOT NULL,
	`units` text NOT NULL,
	PRIMARY KEY(`invoice_id`, `block`),
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
