/** Stores time entries (data-formats.md, kind: hours). */
import type { Sqlite } from '../../../db/open';
import { contentKey, idKey } from './dedup-key';
import { parseHoursRow } from './hours-row';
import { jsonOrNull, type RowWriter } from './row-writer';

export function hoursWriter(sqlite: Sqlite, batchId: number, checks: { notAfter?: string }): RowWriter {
  const insert = sqlite.prepare(
    `INSERT INTO time_entries (batch_id, line, dedup_key, entry_id, date, account_id, person, kind, role, hours, billable, rate, project, notes, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
  );
  return ({ line, fields, sourceFields }) => {
    const r = parseHoursRow(fields, checks);
    const key = r.entryId !== null ? idKey(r.entryId) : contentKey(sourceFields);
    const info = insert.run(batchId, line, key, r.entryId, r.date, r.accountId, r.person, r.kind, r.role, r.hours, r.billable ? 1 : 0, r.rate, r.project, r.notes, jsonOrNull(r.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}
