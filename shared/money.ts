/**
 * Exact decimal money and quantities.
 *
 * Every amount in the product is a decimal string at rest and a Decimal in
 * flight; nothing is ever parsed into a binary float. Rounding is done once per
 * line (and once for discount and tax), to the currency's minor unit, half away
 * from zero (decimal.js calls that ROUND_HALF_UP).
 */
import DecimalJs from 'decimal.js';
import { currencyMinorUnits } from './currencies';
import { groupDigits, MINUS } from './number-text';

/** A Decimal constructor with enough precision for any invoice and half-away-from-zero rounding. */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type Decimal = DecimalJs;

/** The one textual form of a decimal the contract accepts: optional minus, digits, optional fraction. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimalString(text: string): boolean {
  return DECIMAL_PATTERN.test(text);
}

/** Parses a contract decimal; throws on anything else (exponents, commas, blanks). */
export function dec(text: string | number | Decimal): Decimal {
  if (typeof text === 'string' && !DECIMAL_PATTERN.test(text)) {
    throw new Error(`"${text}" is not a decimal number`);
  }
  if (typeof text === 'number' && !Number.isSafeInteger(text)) {
    // Integers are exact in binary; anything else must arrive as text.
    throw new Error(`refusing to build money from the binary float ${text}`);
  }
  return new Decimal(text);
}

/** Rounds to the currency's minor unit, half away from zero. */
export function roundMoney(value: Decimal, currency: string): Decimal {
  return value.toDecimalPlaces(currencyMinorUnits(currency), Decimal.ROUND_HALF_UP);
}

/** The money string of the invoice JSON: exactly the currency's minor-unit digits ("2500.00", "1200", "1.250"). */
export function moneyString(value: Decimal, currency: string): string {
  const places = currencyMinorUnits(currency);
  const rounded = value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  const text = rounded.toFixed(places);
  // toFixed keeps the sign of negative zero ("-0.00"); money has no negative zero.
  return rounded.isZero() ? new Decimal(0).toFixed(places) : text;
}

/** A quantity or price as the shortest exact string ("1.50" -> "1.5", "2500.00" -> "2500"). */
export function plainString(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/** Sums decimal strings exactly. */
export function sumStrings(values: Iterable<string>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * Formats money for people: thousands separators and the currency code,
 * e.g. "USD 12,500.00". Grouping is applied to the exact string, never via Number.
 */
export function formatMoney(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  return `${negative ? MINUS : ''}${currency} ${groupDigits(negative ? amount.slice(1) : amount)}`;
}
