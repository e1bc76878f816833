/**
 * Which rated periods an import batch's rows fall into: what a change to the
 * batch (importing it, undoing it) must re-rate so drafts never go stale.
 * Decided from the rows themselves: usage by its timestamps, hours by their
 * dates, agreements by their active dates. A period is "rated" once it has any invoice.
 */
import { usageRowsOfBatch } from './batch-rows';
import type { Sqlite } from '../../../db/open';
import type { ImportKind } from '../../../shared/api';
import { parsePeriod } from '../../../shared/period';

/** Every period that has an invoice of any status, oldest first. */
export function ratedPeriods(sqlite: Sqlite): string[] {
  return sqlite.prepare("SELECT DISTINCT period FROM invoices WHERE document_type = 'invoice' ORDER BY period").pluck().all() as string[];
}

/** The rated periods an import batch's rows (still in the database) fall into. */
export function ratedPeriodsOfBatch(sqlite: Sqlite, batchId: number, kind: ImportKind): string[] {
  // Payments and disputes are not billed: they change receivables, never a draft.
  if (kind === 'payments' || kind === 'disputes') return [];
  const rated = ratedPeriods(sqlite);
  if (rated.length === 0) return [];
  if (kind === 'agreements') {
    const isActive = sqlite.prepare('SELECT 1 FROM agreements WHERE batch_id = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) LIMIT 1');
    return rated.filter((id) => {
      const p = parsePeriod(id);
      return isActive.get(batchId, p.last, p.first) !== undefined;
    });
  }
  // One pass over the batch's rows (its index) gives the months it holds.
  const months = new Set(
    sqlite
      .prepare(
        kind === 'usage'
          ? `SELECT DISTINCT substr(ts, 1, 7) FROM usage_records WHERE ${usageRowsOfBatch('@batch')}`
          : kind === 'usage_rollup'
            ? 'SELECT DISTINCT substr(day, 1, 7) FROM usage_rollups WHERE batch_id = @batch'
            : 'SELECT DISTINCT substr(date, 1, 7) FROM time_entries WHERE batch_id = @batch',
      )
      .pluck()
      .all({ batch: batchId }) as string[],
  );
  return rated.filter((period) => months.has(period));
}
