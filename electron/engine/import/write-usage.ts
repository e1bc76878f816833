/** Stores usage rows (data-formats.md, kind: usage). */
import type { Sqlite } from '../../../db/open';
import type { ImportedTotals } from './period-totals-upkeep';
import { usageContentKey } from './dedup-key';
import { jsonOrNull, type RowWriter } from './row-writer';
import { parseUsageRow, type RowChecks } from './usage-row';

/** `totals` is told of every stored record, so the periods' cached totals stay current (period-totals-upkeep.ts). */
export function usageWriter(sqlite: Sqlite, batchId: number, checks: RowChecks, totals: ImportedTotals): RowWriter {
  // ON CONFLICT on the unique event_id or content_key: a duplicate costs one index probe, no separate SELECT.
  // Only uniqueness conflicts are ignored (unlike INSERT OR IGNORE, a NOT NULL failure still throws).
  const insert = sqlite.prepare(
    `INSERT INTO usage_records (batch_id, line, event_id, content_key, account_id, metric, quantity, ts, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // The scaled quantity SQLite stored for the row (a BigInt), read back by id. Not INSERT … RETURNING:
  // RETURNING gives every insert a statement journal, which cost 94 s for 61k rows with the in-memory temp
  // store this book once used (db/open.ts) and still 5.3 s against 3.4 s for bulk-load.test's two files.
  const scaledOf = sqlite.prepare('SELECT quantity_scaled FROM usage_records WHERE id = ?').pluck().safeIntegers(true);
  return ({ line, fields, sourceFields }) => {
    const row = parseUsageRow(fields, checks);
    const key = row.eventId !== null ? null : usageContentKey(sourceFields);
    const period = row.ts.slice(0, 7);
    totals.see(period);
    const info = insert.run(batchId, line, row.eventId, key, row.accountId, row.metric, row.quantity, row.ts, jsonOrNull(row.extra));
    if (info.changes !== 1) return 'duplicate';
    totals.add(period, row.accountId, row.metric, scaledOf.get(info.lastInsertRowid) as bigint | null, row.ts);
    return 'imported';
  };
}
