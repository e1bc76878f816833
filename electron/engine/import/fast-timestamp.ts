/**
 * The common timestamp forms of a machine export (`2026-10-03T14:22:05Z`,
 * with or without milliseconds) turned into the canonical UTC string without
 * building a Date: on a million-row usage file shared/period.ts's general
 * parser was the largest cost outside SQLite. Anything else (offsets, bare
 * dates, spaces, fractions other than milliseconds) returns undefined and
 * goes through normalizeTimestamp, whose result this matches exactly.
 */
import { isValidDate } from '../../../shared/period';
import { digitAt } from '../usage-time';

/** Day validity is cached: a usage file has few distinct days and millions of rows. */
const validDays = new Map<string, boolean>();

/** Canonical UTC ISO string, null when the form is right but the instant is not real, undefined when not this form. */
export function fastUtcTimestamp(text: string): string | null | undefined {
  const n = text.length;
  if (n !== 20 && n !== 24) return undefined;
  if (text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  if (n === 24 && text.charCodeAt(19) !== 46 /* . */) return undefined;
  for (const i of n === 24 ? DIGITS_MS : DIGITS) if (Number.isNaN(digitAt(text, i))) return undefined;
  const day = text.slice(0, 10);
  let valid = validDays.get(day);
  if (valid === undefined) {
    valid = isValidDate(day);
    if (validDays.size > 100_000) validDays.clear();
    validDays.set(day, valid);
  }
  if (!valid) return null;
  const hh = digitAt(text, 11) * 10 + digitAt(text, 12);
  const mi = digitAt(text, 14) * 10 + digitAt(text, 15);
  const ss = digitAt(text, 17) * 10 + digitAt(text, 18);
  if (hh > 23 || mi > 59 || ss > 59) return null;
  return n === 24 ? text : `${text.slice(0, 19)}.000Z`;
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const DIGITS_MS = [...DIGITS, 20, 21, 22];
