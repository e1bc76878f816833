/**
 * Tests that build a book row by row, without an import: one usage row in its stored form
 * (db/schema.ts usage_series, usage_rows), the series added on first use.
 */
import type { Sqlite } from '../../../../db/open';
import { atOfTs } from '../../usage-time';

export interface UsageRowInput {
  batchId: number;
  line: number;
  eventId: string | null;
  accountId: string;
  metric: string;
  quantity: string;
  ts: string;
}

export function insertUsageRow(sqlite: Sqlite, row: UsageRowInput): number {
  sqlite.prepare('INSERT OR IGNORE INTO usage_series (account_id, metric) VALUES (?, ?)').run(row.accountId, row.metric);
  return Number(
    sqlite
      .prepare(
        `INSERT INTO usage_rows (batch_id, line, event_id, series_id, quantity, at)
         VALUES (?, ?, ?, (SELECT id FROM usage_series WHERE account_id = ? AND metric = ?), ?, ?)`,
      )
      .run(row.batchId, row.line, row.eventId, row.accountId, row.metric, row.quantity, atOfTs(row.ts)).lastInsertRowid,
  );
}
