/**
 * Billing periods (calendar months in UTC), dates and timestamps.
 *
 * Dates are handled as "YYYY-MM-DD" strings and compared as strings (the
 * format sorts chronologically); timestamps are normalised to UTC ISO strings
 * "YYYY-MM-DDTHH:MM:SS.sssZ", which sort the same way.
 */

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time: date, 'T' or space, time with optional seconds and fraction, optional zone.
const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export interface Period {
  /** "YYYY-MM" */
  id: string;
  year: number;
  month: number;
  /** first day, "YYYY-MM-DD" */
  first: string;
  /** last day, "YYYY-MM-DD" */
  last: string;
  days: number;
  /** first instant of the period, UTC ISO */
  startTs: string;
  /** first instant of the next period, UTC ISO (exclusive bound) */
  endTs: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Computed, not via Date.UTC: that reads years 0–99 as 1900–1999 (1900 is no leap year, 0000 is). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isPeriod(text: string): boolean {
  return PERIOD_PATTERN.test(text);
}

export function parsePeriod(text: string): Period {
  const m = PERIOD_PATTERN.exec(text);
  if (!m) throw new Error(`"${text}" is not a billing period; expected YYYY-MM`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const days = daysInMonth(year, month);
  const first = `${m[1]}-${m[2]}-01`;
  const next = month === 12 ? `${year + 1}-01` : `${m[1]}-${pad2(month + 1)}`;
  return {
    id: text,
    year,
    month,
    first,
    last: `${m[1]}-${m[2]}-${pad2(days)}`,
    days,
    startTs: `${first}T00:00:00.000Z`,
    endTs: `${next}-01T00:00:00.000Z`,
  };
}

export function previousPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 1 ? `${year - 1}-12` : `${year}-${pad2(month - 1)}`;
}

export function nextPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 12 ? `${year + 1}-01` : `${year}-${pad2(month + 1)}`;
}

/** A real calendar date in YYYY-MM-DD (2026-02-30 is not). */
export function isValidDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days from `from` to `to` inclusive (both "YYYY-MM-DD"); 0 when to < from. */
export function daysInclusive(from: string, to: string): number {
  const diff = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  return diff < 0 ? 0 : Math.round(diff) + 1;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * Parses an ISO 8601 timestamp (a bare date counts as 00:00 UTC; no zone means UTC)
 * into the canonical UTC form, or returns null when it is not a real instant.
 */
export function normalizeTimestamp(text: string): string | null {
  const m = TIMESTAMP_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', zone = 'Z'] = m;
  if (!isValidDate(`${y}-${mo}-${d}`)) return null;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  // Milliseconds are the storage resolution; finer digits are kept in the raw row.
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  // Not Date.UTC(year, …): it reads years 0–99 as 1900–1999, so 0099-10-01 would become 1999-10-01.
  const instant = new Date(0);
  instant.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  instant.setUTCHours(Number(hh), Number(mi), Number(ss), ms);
  return new Date(instant.getTime() - offsetMinutes * 60_000).toISOString();
}

/** The day `days` after (or before, when negative) a "YYYY-MM-DD" date. */
const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "2026-11-30" -> "30 Nov 2026" (unambiguous in every locale; the PDF and the screen print dates so); anything else as given. */
export function formatDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? MONTH_ABBR[Number(m[2]) - 1] : undefined;
  if (!m || month === undefined) return date;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
