CREATE TABLE `anomaly_source_ranges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`anomaly_id` text NOT NULL,
	`account_id` text NOT NULL,
	`metric` text NOT NULL,
	`ts_from` text NOT NULL,
	`ts_to` text NOT NULL,
	`after_usage_id` integer DEFAULT 0 NOT NULL,
	`max_usage_id` integer NOT NULL,
	`above_scaled` integer,
	`records` integer NOT NULL,
	FOREIGN KEY (`anomaly_id`) REFERENCES `anomalies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `anomaly_source_ranges_anomaly` ON `anomaly_source_ranges` (`anomaly_id`);