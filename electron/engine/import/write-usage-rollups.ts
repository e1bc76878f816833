/**
 * Stores usage rollup rows (kind: usage_rollup). A book holds one rollup per
 * (account, metric, day): the same row again (same figures and source) is a
 * duplicate, skipped; a different row for a day that already has one is
 * rejected with the import and line that hold it, never added to it, so a
 * day is never counted twice (DECISIONS.md, "Usage rollups").
 */
import type { Sqlite } from '../../../db/open';
import { RowError } from './fields';
import { jsonOrNull, type RowWriter } from './row-writer';
import { parseUsageRollupRow, type RollupChecks } from './usage-rollup-row';
import { atSql } from '../usage-time';

interface Existing {
  batch_id: number;
  line: number;
  sum: string;
  count: number;
  max: string;
  last_ts: string;
  last_quantity: string;
  source: string;
}

export function usageRollupWriter(sqlite: Sqlite, batchId: number, checks: RollupChecks): RowWriter {
  const insert = sqlite.prepare(
    `INSERT INTO usage_rollups (batch_id, line, account_id, metric, day, sum, count, max, last_ts, last_quantity, source, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account_id, metric, day) DO NOTHING`,
  );
  const existing = sqlite.prepare('SELECT batch_id, line, sum, count, max, last_ts, last_quantity, source FROM usage_rollups WHERE account_id = ? AND metric = ? AND day = ?');
  return ({ line, raw, fields }) => {
    const row = parseUsageRollupRow(fields, checks);
    const info = insert.run(batchId, line, row.accountId, row.metric, row.day, row.sum, row.count, row.max, row.lastTs, row.lastQuantity, row.source, raw, jsonOrNull(row.extra));
    if (info.changes === 1) return 'imported';
    const old = existing.get(row.accountId, row.metric, row.day) as Existing;
    const same =
      old.sum === row.sum && old.count === row.count && old.max === row.max && old.last_ts === row.lastTs && old.last_quantity === row.lastQuantity && old.source === row.source;
    if (same) return 'duplicate';
    const where = old.batch_id === batchId ? `line ${old.line} of this file` : `import ${old.batch_id}, line ${old.line} (source ${old.source})`;
    throw new RowError(
      'day',
      `${row.accountId} ${row.metric} on ${row.day} already has a different rollup (${where}); a day has one rollup, so undo that import first if this one replaces it`,
    );
  };
}

/**
 * What an import should say when rollups and usage rows cover the same days: the rollups bill those days, the rows do not.
 * `usageAfter`: for a usage import, the largest usage row id before it (its rows are the ids after it; batch_id has no index).
 */
export function rollupOverlapNote(sqlite: Sqlite, batchId: number, kind: 'usage' | 'usage_rollup', usageAfter = 0): string | null {
  if (sqlite.prepare('SELECT 1 FROM usage_rollups LIMIT 1').get() === undefined) return null;
  const sql =
    kind === 'usage_rollup'
      ? `SELECT count(DISTINCT r.id) AS days, count(*) AS rows FROM usage_rollups r
           JOIN usage_records u ON u.account_id = r.account_id AND u.metric = r.metric AND u.at >= ${atSql('r.day')} AND u.at < ${atSql("date(r.day, '+1 day')")}
          WHERE r.batch_id = ?`
      : `SELECT count(DISTINCT r.id) AS days, count(*) AS rows FROM usage_records u
           JOIN usage_rollups r ON r.account_id = u.account_id AND r.metric = u.metric AND r.day = substr(u.ts, 1, 10)
          WHERE u.id > ? AND u.batch_id = ?`;
  const found = (kind === 'usage_rollup' ? sqlite.prepare(sql).get(batchId) : sqlite.prepare(sql).get(usageAfter, batchId)) as { days: number; rows: number };
  if (found.rows === 0) return null;
  const days = `${found.days.toLocaleString('en')} ${found.days === 1 ? 'day' : 'days'}`;
  const rows = `${found.rows.toLocaleString('en')} usage ${found.rows === 1 ? 'row' : 'rows'}`;
  return `${rows} fall on ${days} that a usage rollup covers; the rollup bills those days and the rows are not billed (they show as unbilled in reconciliation)`;
}
