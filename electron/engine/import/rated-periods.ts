/**
 * Which rated periods an import batch's rows fall into: what a change to the
 * batch (importing it, undoing it) must re-rate so drafts never go stale.
 * Decided from the rows themselves: usage by its timestamps, hours by their
 * dates, agreements by their active dates. A period is "rated" once it has any invoice.
 */
import { periodsOfBatch } from './batch-rows';
import type { Sqlite } from '../../../db/open';
import type { ImportKind } from '../../../shared/api';

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
  return rated.filter(periodsOfBatch(sqlite, batchId, kind));
}
