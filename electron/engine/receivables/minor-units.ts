/**
 * Money of one currency as a bigint of its minor units (cents, yen…): the
 * receivables ledger adds and compares hundreds of thousands of amounts, all
 * exact in that form, and prints them back with exactly the currency's digits.
 */
import { currencyMinorUnits } from '../../../shared/currencies';

/** "1234.5" in USD -> 123450n. The text is a contract decimal with at most the currency's digits (checked on import). */
export function toMinor(text: string, currency: string): bigint {
  const places = currencyMinorUnits(currency);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const kept = fraction.replace(/0+$/, '');
  if (kept.length > places) throw new Error(`${text} has more decimals than ${currency} has`);
  const value = BigInt(whole) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, '0').slice(0, places) || '0');
  return negative ? -value : value;
}

/** 123450n in USD -> "1234.50". */
export function fromMinor(value: bigint, currency: string): string {
  const places = currencyMinorUnits(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** sum / count with one decimal, half away from zero ("12.5"), for non-negative sums. */
export function meanTenths(sum: number, count: number): string {
  const tenths = (BigInt(sum) * 20n + BigInt(count)) / (2n * BigInt(count));
  return `${tenths / 10n}.${tenths % 10n}`;
}
