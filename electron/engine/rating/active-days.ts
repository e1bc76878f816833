/**
 * The days of a period an agreement is active (rating.md: both the start and
 * the end date count). Dates are "YYYY-MM-DD" strings, compared as strings.
 */
import type { Agreement } from '../../../shared/domain';
import { daysInclusive, maxDate, minDate, type Period } from '../../../shared/period';

export interface ActiveSpan {
  /** first active day inside the period */
  from: string;
  /** last active day inside the period */
  to: string;
  /** active days inside the period; 0 when the agreement is not active in it */
  days: number;
}

export function activeSpan(agreement: Pick<Agreement, 'start_date' | 'end_date'>, period: Period): ActiveSpan {
  const from = maxDate(agreement.start_date, period.first);
  const to = agreement.end_date === null ? period.last : minDate(agreement.end_date, period.last);
  return { from, to, days: daysInclusive(from, to) };
}

/** Whether the agreement is active on a given day (start and end dates included). */
export function isActiveOn(agreement: Pick<Agreement, 'start_date' | 'end_date'>, day: string): boolean {
  return day >= agreement.start_date && (agreement.end_date === null || day <= agreement.end_date);
}
