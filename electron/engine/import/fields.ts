/**
 * Field readers shared by the row validators: each returns the value or a
 * RowError naming the field, what was wrong and what was expected.
 */
import { isDecimalString } from '../../../shared/money';
import { setField, type FieldValue } from './read-records';

export class RowError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** JSON numbers are exact only up to 15 significant digits; longer ones must be written as strings. */
function numberToDecimal(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new RowError(field, `${field} is not a finite number`);
  const digits = String(Math.abs(value)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > 15) throw new RowError(field, `${field} ${value} has too many digits to be exact as a JSON number; write it as a string`);
  const text = String(value);
  if (/e/i.test(text)) throw new RowError(field, `${field} ${text} uses an exponent; write it as a plain decimal`);
  return text;
}

export function optionalText(fields: Record<string, FieldValue>, field: string): string | null {
  const value = fields[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') throw new RowError(field, `${field} must be text, not a nested object`);
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function requiredText(fields: Record<string, FieldValue>, field: string): string {
  const text = optionalText(fields, field);
  if (text === null) throw new RowError(field, `${field} is missing`);
  return text;
}

/**
 * The most digits a quantity, hours figure or rate may have before and after
 * the point (leading and trailing zeros aside). Money arithmetic runs at 60
 * significant digits (shared/money.ts): a value of at most 18 + 12 digits,
 * summed over a billion records and multiplied by a price, stays exact there.
 * Anything longer would be rounded somewhere, so it is refused at the door.
 */
export const MAX_INTEGER_DIGITS = 18;
export const MAX_DECIMALS = 12;

/**
 * `text` is a decimal in the contract's form (digits, an optional "." and
 * digits, an optional leading "-"). A scan by character code, not a regex
 * and a split: on a million-row usage file the split version was the largest
 * single cost of validating a row (1.5 s of 3.8).
 */
function withinPrecision(text: string, field: string): string {
  const point = text.indexOf('.');
  const integerEnd = point === -1 ? text.length : point;
  let first = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  while (first < integerEnd && text.charCodeAt(first) === 48 /* 0 */) first++;
  if (integerEnd - first > MAX_INTEGER_DIGITS) {
    throw new RowError(field, `${field} ${truncate(text)} has more than ${MAX_INTEGER_DIGITS} digits before the decimal point, too many to bill exactly`);
  }
  if (point !== -1) {
    let last = text.length;
    while (last > point + 1 && text.charCodeAt(last - 1) === 48) last--;
    if (last - point - 1 > MAX_DECIMALS) {
      throw new RowError(field, `${field} ${truncate(text)} has more than ${MAX_DECIMALS} decimals, too many to bill exactly`);
    }
  }
  return text;
}

/**
 * Characters an id (account, metric, person, agreement, event and entry ids…)
 * never holds: line breaks and other C0/C1 control characters (tab, ESC, NUL,
 * DEL included), bidirectional-text controls (LRM, RLM, ALM, the embeddings,
 * overrides and isolates U+202A–U+202E and U+2066–U+2069), which can make an
 * id display as another, and the invisible zero-width space, word joiner,
 * invisible operators and byte-order mark (U+200B, U+2060–U+206F, U+FEFF),
 * which make an id differ from the same id typed without them.
 * The zero-width joiner and non-joiner (U+200C, U+200D) are allowed: several
 * scripts and emoji need them to be spelt right. The value is checked before
 * surrounding spaces are trimmed: a line break at the edge of an id is as
 * wrong as one in the middle.
 */
const ID_UNSAFE = /[\p{Cc}\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export interface IdTextProblem {
  message: string;
  /** the id holds a line break: in a CSV record that spans lines, rows were probably merged by a stray quote */
  lineBreak: boolean;
}

/** What is wrong with an id's text, or null when nothing is. */
export function idTextProblem(field: string, text: string): IdTextProblem | null {
  const found = ID_UNSAFE.exec(text);
  if (found === null) return null;
  if (LINE_BREAK.test(text)) return { message: `${field} holds a line break`, lineBreak: true };
  const c = found[0].charCodeAt(0);
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === 9) return { message: `${field} holds a tab character`, lineBreak: false };
  if (BIDI.test(found[0])) return { message: `${field} holds an invisible bidirectional-text control (${code}), which can make it display as a different id`, lineBreak: false };
  if (c >= 0x200b) return { message: `${field} holds an invisible zero-width character (${code}), so it would not match the same id typed without it`, lineBreak: false };
  return { message: `${field} holds a control character (${code})`, lineBreak: false };
}

/** An id field with a line break or control character (see idTextProblem). */
export class IdTextError extends RowError {
  readonly lineBreak: boolean;

  constructor(field: string, problem: IdTextProblem) {
    super(field, problem.message);
    this.lineBreak = problem.lineBreak;
  }
}

/**
 * What a line break in an id tells about a CSV record that spans several
 * lines: a quote opened in one row and closed in a later one, so the rows in
 * between became one record. Empty for a record on one line (and for JSON,
 * whose records have no line breaks of their own).
 */
export function mergedRowsNote(line: number, raw: string): string {
  let breaks = 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) breaks++;
  return breaks === 0 ? '' : `: this record runs from line ${line} to line ${line + breaks}, so rows were probably merged by a stray quote`;
}

/**
 * Rejects the record when one of its id fields holds a line break or control
 * character (see idTextProblem). Validators call it before anything else: a
 * line break in an id means rows were merged, which matters more than any
 * value in them (so it is the one reported when several ids are wrong).
 * `prefix` names nested fields (`charges.0.`).
 */
export function checkIds(fields: Record<string, FieldValue>, ids: readonly string[], prefix = ''): void {
  let first: IdTextError | null = null;
  for (let i = 0; i < ids.length; i++) {
    const value = fields[ids[i]!];
    // One regex test per id when nothing is wrong: ~60 ms per million usage rows.
    if (typeof value !== 'string' || !ID_UNSAFE.test(value)) continue;
    const field = prefix + ids[i]!;
    const error = new IdTextError(field, idTextProblem(field, value)!);
    // A line break (merged rows) is the one to report, whichever id holds it.
    if (error.lineBreak) throw error;
    first ??= error;
  }
  if (first) throw first;
}

/** A decimal in the contract's form ("1234.5"): no exponent, no thousands separators, never a float, never more digits than can be kept exact. */
export function optionalDecimal(fields: Record<string, FieldValue>, field: string): string | null {
  const value = fields[field];
  if (typeof value === 'number') return withinPrecision(numberToDecimal(value, field), field);
  const text = optionalText(fields, field);
  if (text === null) return null;
  if (!isDecimalString(text)) {
    throw new RowError(field, `${field} "${truncate(text)}" is not a decimal number (expected digits with a "." separator, e.g. 1234.5)`);
  }
  return withinPrecision(text, field);
}

export function requiredDecimal(fields: Record<string, FieldValue>, field: string): string {
  const value = optionalDecimal(fields, field);
  if (value === null) throw new RowError(field, `${field} is missing`);
  return value;
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

export function requiredBoolean(fields: Record<string, FieldValue>, field: string): boolean {
  const value = fields[field];
  if (typeof value === 'boolean') return value;
  const text = optionalText(fields, field);
  if (text === null) throw new RowError(field, `${field} is missing`);
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new RowError(field, `${field} "${truncate(text)}" is not true/false (also yes/no, 1/0)`);
}

/**
 * The earliest day usage or hours may fall on. Anything older is a placeholder
 * (1970-01-01, 0001-01-01) or a mistyped year, never data to bill.
 */
export const EARLIEST_BILLING_DATE = '2000-01-01';

/** `value` is a YYYY-MM-DD date or a canonical UTC timestamp; a sign in front (years beyond 0000–9999) sorts before any digit. */
export function rejectTooOld(field: string, value: string): void {
  if (value < EARLIEST_BILLING_DATE) {
    throw new RowError(field, `${field} ${value} is before ${EARLIEST_BILLING_DATE}, too early to be billing data (a placeholder date or a mistyped year?)`);
  }
}

export function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Columns the contract does not name are kept as extra attributes. */
export function extraFields(fields: Record<string, FieldValue>, known: ReadonlySet<string>): Record<string, FieldValue> | null {
  let extra: Record<string, FieldValue> | null = null;
  // for…in rather than Object.entries: no [key, value] array per column on a million-row file.
  for (const key in fields) {
    if (known.has(key) || key === '' || !Object.prototype.hasOwnProperty.call(fields, key)) continue;
    setField((extra ??= {}), key, fields[key]!);
  }
  return extra;
}
