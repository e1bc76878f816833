/** Stores usage rows (data-formats.md, kind: usage). */
import type { Sqlite } from '../../../db/open';
import type { ImportedTotals } from './period-totals-upkeep';
import { usageContentKey } from './dedup-key';
import { jsonOrNull, type RowWriter } from './row-writer';
import { parseUsageRow, type RowChecks } from './usage-row';
import { atOfTs } from '../usage-time';

/** `totals` is told each record's period before it is stored, so the periods' cached totals stay current (period-totals-upkeep.ts). */
export function usageWriter(sqlite: Sqlite, batchId: number, checks: RowChecks, totals: ImportedTotals): RowWriter {
  // ON CONFLICT on the unique event_id or content_key: a duplicate costs one index probe, no separate SELECT.
  // Only uniqueness conflicts are ignored (unlike INSERT OR IGNORE, a NOT NULL failure still throws).
  const insert = sqlite.prepare(
    `INSERT INTO usage_rows (batch_id, line, event_id, content_key, series_id, quantity, at, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const series = seriesIds(sqlite);
  return ({ line, fields, sourceFields }) => {
    const row = parseUsageRow(fields, checks);
    const key = row.eventId !== null ? null : usageContentKey(sourceFields);
    totals.see(row.ts.slice(0, 7));
    const info = insert.run(batchId, line, row.eventId, key, series(row.accountId, row.metric), row.quantity, atOfTs(row.ts), jsonOrNull(row.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}

/**
 * The usage_series id of an (account, metric), added on first sight. Remembered for one writer: its
 * import is one transaction, so an id it added cannot be rolled back while the writer still runs.
 */
function seriesIds(sqlite: Sqlite): (accountId: string, metric: string) => number {
  const find = sqlite.prepare('SELECT id FROM usage_series WHERE account_id = ? AND metric = ?').pluck();
  const add = sqlite.prepare('INSERT INTO usage_series (account_id, metric) VALUES (?, ?)');
  const known = new Map<string, number>();
  return (accountId, metric) => {
    const k = `${accountId}\u0000${metric}`;
    let id = known.get(k);
    if (id === undefined) {
      id = (find.get(accountId, metric) as number | undefined) ?? Number(add.run(accountId, metric).lastInsertRowid);
      known.set(k, id);
    }
    return id;
  };
}
