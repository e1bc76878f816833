/** Stores usage rows (data-formats.md, kind: usage). */
import type { Sqlite } from '../../../db/open';
import { contentKey, idKey } from './dedup-key';
import { jsonOrNull, type RowWriter } from './row-writer';
import { parseUsageRow, type RowChecks } from './usage-row';

export function usageWriter(sqlite: Sqlite, batchId: number, checks: RowChecks): RowWriter {
  // ON CONFLICT on the unique dedup key: a duplicate costs one index probe, no separate SELECT.
  const insert = sqlite.prepare(
    `INSERT INTO usage_records (batch_id, line, dedup_key, event_id, account_id, metric, quantity, ts, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
  );
  return ({ line, raw, fields, sourceFields }) => {
    const row = parseUsageRow(fields, checks);
    const key = row.eventId !== null ? idKey(row.eventId) : contentKey(sourceFields);
    const info = insert.run(batchId, line, key, row.eventId, row.accountId, row.metric, row.quantity, row.ts, raw, jsonOrNull(row.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}
