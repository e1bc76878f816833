/**
 * Drafts never go stale (change-control.md): a change that affects a rated
 * period (an import, an undone import) re-rates that period's drafts in the
 * same command and transaction, and says what moved. The import and undo
 * commands call it after their own step; import/ itself never rates.
 *
 * A period is "rated" once it has any invoice. Re-rating replaces only its
 * drafts; approved and finalized invoices stay as they are, and rows that now
 * fall under them are left unbilled for detection (part of rating) to explain.
 *
 * Which periods a change touches is decided from the changed rows themselves,
 * read before they are removed (undo) or after they are written (import):
 * usage by its timestamps, hours by their dates, agreements by their active
 * dates (import/rated-periods.ts). Only rated periods are looked at, so importing
 * into an unrated book (the usual first import, and the bench) costs one small query.
 */
import type { Sqlite } from '../../../db/open';
import type { RerateImpact } from '../../../shared/api';
import { detectAnomalies } from '../anomalies/detect';
import { periodLock } from '../controls/period-locks';
import type { JobContext } from '../job-context';
import type { RunTrigger } from '../../../shared/api';
import { billPeriod } from './rate-period';
import { laterWindowPeriods } from '../rating/window-followers';

/** drafts: how many the period has after re-rating; changed: the ids whose total or amount due moved, appeared or disappeared */
export type { RerateImpact };

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

/**
 * Re-rates (rating and detection) each period inside the command's transaction and reports which drafts moved.
 * A closed period is not re-rated (its invoices stay as closed); detection alone runs, so rows that arrived
 * late show as unbilled with the finding that explains them (controls/period-locks.ts).
 */
export function rerate(sqlite: Sqlite, periods: readonly string[], ctx: JobContext, trigger: RunTrigger, snapshot?: DraftSnapshot): RerateImpact[] {
  // Later months of a prepaid or commitment window follow the months re-rated (rating/window-followers.ts), each reported.
  const pending = new Set(periods);
  const impacts: RerateImpact[] = [];
  while (pending.size > 0) {
    const period = [...pending].sort()[0]!;
    pending.delete(period);
    const before = snapshot?.get(period) ?? draftFigures(sqlite, period);
    if (periodLock(sqlite, period)) {
      detectAnomalies(sqlite, period, ctx);
      impacts.push({ period, drafts: before.size, changed: [] });
      continue;
    }
    billPeriod(sqlite, period, ctx, trigger, { followWindows: false });
    for (const later of laterWindowPeriods(sqlite, period)) pending.add(later);
    const after = draftFigures(sqlite, period);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id)).sort();
    impacts.push({ period, drafts: after.size, changed });
  }
  return impacts;
}
