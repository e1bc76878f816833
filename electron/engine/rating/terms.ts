/**
 * Bill cycles (rating.md "Bill cycles, …"): the term of a recurring or usage
 * charge that a billing month falls in, and which month's invoice bills it.
 *
 * Months are counted as year × 12 + month − 1, so a calendar quarter is a
 * block whose first index is a multiple of 3 (January, April, July, October),
 * and an anniversary term is a block counted from the agreement's start month.
 */
import type { Agreement, Align, Interval } from '../../../shared/domain';
import { daysInclusive, formatDay, maxDate, minDate, parsePeriod, type Period } from '../../../shared/period';

const MONTHS: Record<Interval, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };
const WORDS: Record<Interval, string> = { month: 'month', quarter: 'quarter', half_year: 'half-year', year: 'year' };

export interface Term {
  interval: Interval;
  /** first and last month of the term, "YYYY-MM" */
  firstMonth: string;
  lastMonth: string;
  /** first and last day of the term */
  first: string;
  last: string;
  days: number;
  /** the part of the term the agreement is active in (both dates count) */
  activeFrom: string;
  activeTo: string;
  activeDays: number;
  /** the first and last month of the term in which the agreement is active */
  firstActiveMonth: string;
  lastActiveMonth: string;
}

const monthIndex = (periodId: string) => {
  const p = parsePeriod(periodId);
  return p.year * 12 + p.month - 1;
};
const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The term of `interval` (aligned by `align`) that contains `period`, cut to the agreement's active dates. */
export function termOf(
  agreement: Pick<Agreement, 'start_date' | 'end_date'>,
  interval: Interval,
  align: Align,
  period: Period,
): Term {
  const n = MONTHS[interval];
  const m = period.year * 12 + period.month - 1;
  const origin = align === 'anniversary' ? monthIndex(agreement.start_date.slice(0, 7)) : 0;
  // Math.floor keeps a month before the origin in the block before it (never asked in practice: the agreement is not active then).
  const start = origin + Math.floor((m - origin) / n) * n;
  const firstMonth = monthOf(start);
  const lastMonth = monthOf(start + n - 1);
  const first = parsePeriod(firstMonth).first;
  const last = parsePeriod(lastMonth).last;
  const activeFrom = maxDate(agreement.start_date, first);
  const activeTo = agreement.end_date === null ? last : minDate(agreement.end_date, last);
  return {
    interval,
    firstMonth,
    lastMonth,
    first,
    last,
    days: daysInclusive(first, last),
    activeFrom,
    activeTo,
    activeDays: daysInclusive(activeFrom, activeTo),
    firstActiveMonth: activeFrom.slice(0, 7),
    lastActiveMonth: activeTo.slice(0, 7),
  };
}

/** The term a charge is billed over: its interval and align, or the month (the earlier sections' case). */
export function chargeTerm(
  agreement: Pick<Agreement, 'start_date' | 'end_date'>,
  charge: { interval?: Interval | null; align?: Align | null },
  period: Period,
): Term {
  return termOf(agreement, charge.interval ?? 'month', charge.align ?? 'calendar', period);
}

/** Whether a charge bills over more than one month (its lines then say which term they cover). */
export function isLongTerm(charge: { interval?: Interval | null }): boolean {
  return (charge.interval ?? 'month') !== 'month';
}

/** "quarter", "half-year", "year": the word for a term's length. */
export function intervalWord(interval: Interval): string {
  return WORDS[interval];
}

/** "quarter 1 Jan 2026 – 31 Mar 2026": the term a line covers, as the customer reads it. */
export function termWords(term: Term): string {
  return `${WORDS[term.interval]} ${formatDay(term.first)} – ${formatDay(term.last)}`;
}

/** The facts of a term a reviewer checks a line against (line detail). */
export function termDetail(term: Term): Record<string, string | number> {
  return {
    interval: term.interval,
    term_from: term.first,
    term_to: term.last,
    term_days: term.days,
    active_from: term.activeFrom,
    active_to: term.activeTo,
    active_days: term.activeDays,
  };
}
