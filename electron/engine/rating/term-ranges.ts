/**
 * The days a usage charge bills on this month's invoice (rating.md "Usage over
 * a term"): the month's own ranges for a monthly charge; for a charge over a
 * quarter, half-year or year, nothing until the last month of its term in
 * which the agreement is active, and then the whole term inside the
 * agreement's active dates. These ranges are also the line's provenance
 * (usage_spans), so a term usage line opens every row of its term.
 *
 * The earlier months of the term are taken whole from the agreement's first
 * active day of the term: which agreement owns a day is decided for the month
 * being rated only (see DECISIONS.md "Bill cycles and charge models").
 */
import type { Agreement, UsageCharge } from '../../../shared/domain';
import { addDays, type Period } from '../../../shared/period';
import { chargeTerm, isLongTerm } from './terms';

export interface DayRange {
  from: string;
  to: string;
}

export function billedRanges(agreement: Agreement, charge: UsageCharge | undefined, period: Period, monthRanges: readonly DayRange[]): DayRange[] | null {
  if (!charge || !isLongTerm(charge)) return [...monthRanges];
  const term = chargeTerm(agreement, charge, period);
  if (term.lastActiveMonth !== period.id) return null;
  const ranges: DayRange[] = term.activeFrom < period.first ? [{ from: term.activeFrom, to: addDays(period.first, -1) }] : [];
  for (const r of monthRanges) {
    const last = ranges.at(-1);
    // Adjacent days join into one range: one range is aggregated in SQL, several in JavaScript.
    if (last && addDays(last.to, 1) === r.from) last.to = r.to;
    else ranges.push({ ...r });
  }
  return ranges;
}
