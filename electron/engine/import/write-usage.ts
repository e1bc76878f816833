/** Stores usage rows (data-formats.md, kind: usage). */
import type { Sqlite } from '../../../db/open';
import type { ImportedTotals } from './period-totals-upkeep';
import { ROW_WIDTH, usageValues, type PreparedUsage } from './prepare-usage';
import type { RowOutcome, RowWriter } from './row-writer';
import { StoredMonths } from './stored-months';
import { addRecord, emptyFigures, type FileFigures } from './usage-figures';
import type { RowChecks } from './usage-row';
import { pairKey, type UsagePair } from '../pair-totals';
import { tsOfAt } from '../usage-time';

export interface UsageStore {
  /** validates and stores one record read on this thread */
  write: RowWriter;
  /** stores a batch validated by the read worker; returns how many rows were new */
  storePrepared(batch: PreparedUsage): number;
  /** the months of the rows stored so far, ascending (import_batches.periods) */
  months(): string[];
  /** the figures of the rows `write` stored (usage-figures.ts) */
  figures(): FileFigures;
}

/**
 * `totals` is told each row's period before the row is stored, and each duplicate among the rows the read
 * worker already added up, so the periods' cached totals stay current (period-totals-upkeep.ts).
 */
export function usageStore(sqlite: Sqlite, batchId: number, checks: RowChecks, totals: ImportedTotals): UsageStore {
  // ON CONFLICT on the unique event_id or content_key: a duplicate costs one index probe, no separate SELECT.
  // Only uniqueness conflicts are ignored (unlike INSERT OR IGNORE, a NOT NULL failure still throws).
  const insert = sqlite.prepare(
    `INSERT INTO usage_rows (batch_id, line, event_id, content_key, series_id, quantity, at, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const series = seriesIds(sqlite);
  const stored = new StoredMonths();
  const figures = emptyFigures();
  /** the series of the read worker's pair numbers (PreparedUsage.newPairs), by number */
  const filePairs: (UsagePair & { seriesId: number })[] = [];
  const store = (line: number, eventId: string | null, seriesId: number, quantity: string, at: number, key: string | null, extra: string | null): boolean => {
    if (insert.run(batchId, line, eventId, key === null ? null : Buffer.from(key, 'hex'), seriesId, quantity, at, extra).changes !== 1) return false;
    stored.add(at);
    return true;
  };
  return {
    write({ line, fields, sourceFields }): RowOutcome {
      const v = usageValues(fields, sourceFields, checks);
      totals.see(v.period);
      if (!store(line, v.eventId, series(v.accountId, v.metric), v.quantity, v.at, v.key, v.extra)) return 'duplicate';
      addRecord(figures, v.period, v.accountId, v.metric, v.quantity, v.at);
      return 'imported';
    },
    storePrepared({ rows: r, newPairs, periods }) {
      // Every period before any row: see() judges a period by the rows from before this file, so the order is free.
      for (const period of periods) totals.see(period);
      for (const [accountId, metric] of newPairs) filePairs.push({ accountId, metric, seriesId: series(accountId, metric) });
      let imported = 0;
      for (let i = 0; i < r.length; i += ROW_WIDTH) {
        const pair = filePairs[r[i + 2] as number];
        // A number the worker never sent would store the row under no series: refuse the file rather than guess.
        if (pair === undefined) throw new Error(`the read worker sent pair ${String(r[i + 2])}, which it never named`);
        if (store(r[i] as number, r[i + 1] as string | null, pair.seriesId, r[i + 3] as string, r[i + 4] as number, r[i + 5] as string | null, r[i + 6] as string | null)) imported++;
        else totals.duplicate(tsOfAt(r[i + 4] as number).slice(0, 7), pair.accountId, pair.metric);
      }
      return imported;
    },
    months: () => stored.list(),
    figures: () => figures,
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
    const k = pairKey(accountId, metric);
    let id = known.get(k);
    if (id === undefined) {
      id = (find.get(accountId, metric) as number | undefined) ?? Number(add.run(accountId, metric).lastInsertRowid);
      known.set(k, id);
    }
    return id;
  };
}
