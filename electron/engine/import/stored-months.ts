/**
 * The months (YYYY-MM, UTC) of the usage rows an import stored, for import_batches.periods: the
 * period list's source now that no index leads with a row's time (db/schema.ts). Told each stored
 * row's instant; a row in the same month as the one before (files run in time order, mostly) costs
 * two comparisons, so a million rows add a few milliseconds.
 */
import { parsePeriod } from '../../../shared/period';
import { atOfTs, tsOfAt } from '../usage-time';

export class StoredMonths {
  /** the last month seen, as [from, to) in ms */
  private from = 0;
  private to = 0;
  private readonly months = new Set<string>();

  add(at: number): void {
    if (at >= this.from && at < this.to) return;
    const month = tsOfAt(at).slice(0, 7);
    const p = parsePeriod(month);
    this.from = atOfTs(p.startTs);
    this.to = atOfTs(p.endTs);
    this.months.add(month);
  }

  /** ascending */
  list(): string[] {
    return [...this.months].sort();
  }
}
