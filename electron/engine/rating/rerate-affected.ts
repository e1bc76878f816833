/**
 * Drafts never go stale (change-control.md): a change that affects a rated
 * period (an import, an undone import) re-rates that period's drafts in the
 * same job and transaction, and says what moved.
 *
 * A period is "rated" once it has any invoice. Re-rating replaces only its
 * drafts; approved and finalized invoices stay as they are, and rows that now
 * fall under them are left unbilled for detection (part of rating) to explain.
 *
 * Which periods a change touches is decided from the changed rows themselves,
 * read before they are removed (undo) or after they are written (import):
 * usage by its timestamps, hours by their dates, agreements by their active
 * dates. Only rated periods are looked at, so importing into an unrated book
 * (the usual first import, and the bench) costs one small query.
 */
import type { Sqlite } from '../../../db/open';
import type { ImportKind, RerateImpact } from '../../../shared/api';
import { parsePeriod } from '../../../shared/period';
import type { JobContext } from '../job-context';
import { ratePeriod } from './rate-period';

/** drafts: how many the period has after re-rating; changed: the ids whose total or amount due moved, appeared or disappeared */
export type { RerateImpact };

/** Every period that has an invoice of any status, oldest first. */
export function ratedPeriods(sqlite: Sqlite): string[] {
  return sqlite.prepare("SELECT DISTINCT period FROM invoices WHERE document_type = 'invoice' ORDER BY period").pluck().all() as string[];
}

/** The rated periods an import batch's rows (still in the database) fall into. */
export function ratedPeriodsOfBatch(sqlite: Sqlite, batchId: number, kind: ImportKind): string[] {
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
          ? 'SELECT DISTINCT substr(ts, 1, 7) FROM usage_records WHERE batch_id = ?'
          : 'SELECT DISTINCT substr(date, 1, 7) FROM time_entries WHERE batch_id = ?',
      )
      .pluck()
      .all(batchId) as string[],
  );
  return rated.filter((period) => months.has(period));
}

/** Per period, each draft's total and amount due: what "changed" is measured against. */
export type DraftSnapshot = Map<string, Map<string, string>>;

function draftFigures(sqlite: Sqlite, period: string): Map<string, string> {
  const rows = sqlite
    .prepare("SELECT id, total || ' ' || amount_due AS figures FROM invoices WHERE period = ? AND status = 'draft' AND document_type = 'invoice'")
    .all(period) as { id: string; figures: string }[];
  return new Map(rows.map((r) => [r.id, r.figures]));
}

/** Taken before a change that deletes drafts itself (undo), so drafts that disappear count as changed. */
export function snapshotDrafts(sqlite: Sqlite, periods: readonly string[]): DraftSnapshot {
  return new Map(periods.map((period) => [period, draftFigures(sqlite, period)]));
}

/** Re-rates each period (inside the caller's transaction: rating nests as a savepoint) and reports which drafts moved. */
export function rerate(sqlite: Sqlite, periods: readonly string[], ctx: JobContext, snapshot?: DraftSnapshot): RerateImpact[] {
  return periods.map((period) => {
    const before = snapshot?.get(period) ?? draftFigures(sqlite, period);
    ratePeriod(sqlite, period, ctx);
    const after = draftFigures(sqlite, period);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id)).sort();
    return { period, drafts: after.size, changed };
  });
}
