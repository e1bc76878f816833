/**
 * Text formatting for printed documents. Money and quantities stay strings the
 * whole way: grouping is done on the exact text, never through a JS number.
 */
import { groupDigits, MINUS } from '../../../shared/number-text';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * "12500.00" -> "12,500.00", "-1200" -> "−1,200", "0.002" -> "0.002".
 * Anything that is not a plain decimal is printed as it came.
 */
export function groupNumber(text: string): string {
  const trimmed = text.trim();
  const m = NUMBER.exec(trimmed);
  if (!m) return trimmed;
  const [, sign, int = '0', frac] = m;
  const negative = sign === '-' && /[1-9]/.test(`${int}${frac ?? ''}`);
  return groupDigits(`${negative ? '-' : ''}${int}${frac !== undefined ? `.${frac}` : ''}`, MINUS);
}

/** "12500.00", "USD" -> "USD 12,500.00"; negatives "USD −1,200.00". */
export function moneyText(amount: string, currency: string): string {
  return `${currency} ${groupNumber(amount)}`;
}

/** The printed negative of a non-negative stored amount ("250.00" -> "−250.00"); zero stays unsigned. */
export function negated(amount: string): string {
  const trimmed = amount.trim();
  if (trimmed.startsWith('-')) return trimmed.slice(1);
  return /[1-9]/.test(trimmed) ? `-${trimmed}` : trimmed;
}

export function isZeroAmount(amount: string): boolean {
  return !/[1-9]/.test(amount);
}

/** "2026-11-30" -> "30 Nov 2026" (unambiguous in every locale); anything else as given. The screen uses the same. */
export { formatDay as formatDate } from '../../../shared/period';

/** "2026-10" -> "October 2026"; anything else as given. */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || month === undefined) return period;
  return `${month} ${m[1]}`;
}

/** "Net 30"; 0 days reads "Due on receipt". */
export function paymentTerms(days: number): string {
  return days <= 0 ? 'Due on receipt' : `Net ${days}`;
}

/** One printable line: no control characters, runs of white space collapsed. */
export function singleLine(text: string | null | undefined): string {
  return (text ?? '').replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Printable lines of a multi-line text: blank lines at either end dropped, runs of blank lines kept as one. */
export function textLines(text: string | null | undefined): string[] {
  const lines = (text ?? '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map(singleLine)
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The non-blank lines of an address-like text. */
export function addressLines(text: string | null | undefined): string[] {
  return textLines(text).filter((line) => line !== '');
}
