/**
 * Digit grouping for people: thousands separators on the exact decimal text,
 * never through a JS number. The one implementation behind invoice line
 * labels, printed documents, formatMoney and the screens.
 */

/** The minus sign of printed and displayed negatives (U+2212), as opposed to the contract's ASCII "-". */
export const MINUS = '\u2212';

/**
 * "1000000" → "1,000,000", "1234.5" → "1,234.5". A leading "-" is written as
 * `minus`: ASCII by default (invoice line labels), MINUS where people read it.
 */
export function groupDigits(text: string, minus = '-'): string {
  const negative = text.startsWith('-');
  const [int = '0', frac] = (negative ? text.slice(1) : text).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? minus : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/**
 * groupDigits(text).length without building the text (a grid sizes its money columns from
 * thousands of amounts): groupDigits puts a separator before every third integer digit counted
 * from the point, never before the first digit.
 */
export function groupedLength(text: string): number {
  const point = text.indexOf('.');
  const digits = (point === -1 ? text.length : point) - (text.startsWith('-') ? 1 : 0);
  return text.length + Math.max(0, Math.floor((digits - 1) / 3));
}
