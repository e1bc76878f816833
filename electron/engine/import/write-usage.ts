/** Stores usage rows (data-formats.md, kind: usage). */
import type { Sqlite } from '../../../db/open';
import type { ImportedTotals } from './period-totals-upkeep';
import { usageContentKey } from './dedup-key';
import { jsonOrNull, type RowWriter } from './row-writer';
import { parseUsageRow, type RowChecks } from './usage-row';

/** `totals` is told each record's period before it is stored, so the periods' cached totals stay current (period-totals-upkeep.ts). */
export function usageWriter(sqlite: Sqlite, batchId: number, checks: RowChecks, totals: ImportedTotals): RowWriter {
  // ON CONFLICT on the unique event_id or content_key: a duplicate costs one index probe, no separate SELECT.
  // Only uniqueness conflicts are ignored (unlike INSERT OR IGNORE, a NOT NULL failure still throws).
  const insert = sqlite.prepare(
    `INSERT INTO usage_records (batch_id, line, event_id, content_key, account_id, metric, quantity, ts, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return ({ line, fields, sourceFields }) => {
    const row = parseUsageRow(fields, checks);
    const key = row.eventId !== null ? null : usageContentKey(sourceFields);
    totals.see(row.ts.slice(0, 7));
    const info = insert.run(batchId, line, row.eventId, key, row.accountId, row.metric, row.quantity, row.ts, jsonOrNull(row.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}
