/**
 * The bill run of a period (`period.rate`, `billing rate`): rating replaces the
 * period's drafts, then anomaly detection runs over them, in the same
 * transaction (data-formats.md: rating runs detection). Re-rating after an
 * import, an undo or an adjustment is this same bill run (rerate-affected.ts).
 */
import type { Sqlite } from '../../../db/open';
import { detectAnomalies } from '../anomalies/detect';
import { recordInvoiceChange } from '../controls/four-eyes';
import { assertPeriodOpen, periodLock } from '../controls/period-locks';
import type { JobContext } from '../job-context';
import { readTimeEntries } from '../period-time-entries';
import { parsePeriod } from '../../../shared/period';
import { ratePeriod } from '../rating/rate-period';
import { laterWindowPeriods } from '../rating/window-followers';
import { recordBillRun } from '../runs/record-bill-run';
import type { RunTrigger } from '../../../shared/api';
import { command } from './command';

export interface BillRunResult {
  period: string;
  invoices: number;
  /** open and reviewed findings of the anomaly rules for the period */
  anomalies: number;
  durationMs: number;
  /** the bill run this rating was recorded as (change-control.md) */
  runId: number;
  /** later periods re-rated after this one: their drafts follow it in a prepaid or commitment window (rating/window-followers.ts) */
  later_periods: string[];
}

/**
 * Rating then detection, recorded as a bill run with what triggered it; called inside a
 * command's transaction (each step nests as a savepoint) or alone (its own transaction).
 */
export function billPeriod(sqlite: Sqlite, period: string, ctx: JobContext, trigger: RunTrigger = 'rate', options: { followWindows?: boolean } = {}): BillRunResult {
  assertPeriodOpen(sqlite, period, 'it cannot be rated');
  const followWindows = options.followWindows ?? true;
  return sqlite
    .transaction(() => {
      const started = Date.now();
      // Read once for both steps: nothing between them writes time entries, and the transaction keeps others out.
      const timeEntries = readTimeEntries(sqlite, parsePeriod(period));
      const rated = ratePeriod(sqlite, period, ctx, { timeEntries });
      ctx.progress('Detecting anomalies', 0, 1);
      const detected = detectAnomalies(sqlite, rated.period, ctx, { timeEntries });
      ctx.progress('Detecting anomalies', 1, 1);
      const runId = recordBillRun(sqlite, rated.period, trigger, ctx.actor);
      // A closed later period keeps its drafts as closed (controls/period-locks.ts); rerate() runs its detection.
      const later = followWindows ? laterWindowPeriods(sqlite, rated.period).filter((p) => !periodLock(sqlite, p)) : [];
      for (const p of later) billPeriod(sqlite, p, ctx, trigger, { followWindows: false });
      return { period: rated.period, invoices: rated.invoices, anomalies: detected.found, durationMs: Date.now() - started, runId, later_periods: later };
    })
    .immediate();
}

/** Rating by hand is a change to every draft it produces (four eyes: controls/four-eyes.ts); a re-rate after another change is not. */
export const ratePeriodCommand = command({
  run: (sqlite, args: { period: string }, ctx) => {
    const result = billPeriod(sqlite, args.period, ctx, 'rate');
    const drafts = sqlite.prepare("SELECT id FROM invoices WHERE period = ? AND status = 'draft' AND document_type = 'invoice'").pluck().all(result.period) as string[];
    recordInvoiceChange(sqlite, drafts, ctx.actor, 'rated it by hand');
    return result;
  },
});
