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

function withinPrecision(text: string, field: string): string {
  const [integer = '', fraction = ''] = text.replace(/^-/, '').split('.');
  if (integer.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) {
    throw new RowError(field, `${field} ${truncate(text)} has more than ${MAX_INTEGER_DIGITS} digits before the decimal point, too many to bill exactly`);
  }
  if (fraction.replace(/0+$/, '').length > MAX_DECIMALS) {
    throw new RowError(field, `${field} ${truncate(text)} has more than ${MAX_DECIMALS} decimals, too many to bill exactly`);
  }
  return text;
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
