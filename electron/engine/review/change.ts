/**
 * Period-over-period change of an invoice total, exactly: the difference as
 * money of the invoice's currency, and the percentage with one decimal,
 * rounded half away from zero. Computed on scaled BigInts (a list of 20,000
 * invoices computes 20,000 changes; decimal.js division would dominate it).
 */
import { currencyMinorUnits } from '../../../shared/currencies';
import { Decimal, dec, isDecimalString, moneyString } from '../../../shared/money';

export interface Change {
  change: string;
  change_percent: string | null;
}

/** A percentage with one decimal, half away from zero, never "-0.0". */
export function percentString(value: Decimal): string {
  const rounded = value.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return rounded.isZero() ? '0.0' : rounded.toFixed(1);
}

const decimals = (text: string) => {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};

/** A contract decimal string as an integer of 10^-scale units (scale >= its decimals). */
function scaled(text: string, scale: number): bigint {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  const negative = whole.startsWith('-');
  const digits = `${negative ? whole.slice(1) : whole}${fraction.padEnd(scale, '0')}`;
  const value = BigInt(digits);
  return negative ? -value : value;
}

/** |num| / den × 1000 rounded half away from zero, as a signed tenths-of-a-percent string ("47.1"). */
function tenthsPercent(num: bigint, den: bigint): string {
  const negative = num < 0n;
  const n = (negative ? -num : num) * 1000n;
  const q = (2n * n + den) / (2n * den);
  if (q === 0n) return '0.0';
  return `${negative ? '-' : ''}${q / 10n}.${q % 10n}`;
}

/**
 * total − previous in the currency's minor units; the percent is of the
 * previous total's magnitude (so a rise reads positive even from a negative
 * total), null when the previous total is zero.
 */
export function changeOf(total: string, previous: string, currency: string): Change {
  for (const v of [total, previous]) if (!isDecimalString(v)) throw new Error(`"${v}" is not a decimal number`);
  const scale = Math.max(decimals(total), decimals(previous));
  const diff = scaled(total, scale) - scaled(previous, scale);
  const base = scaled(previous, scale);
  const digits = currencyMinorUnits(currency);
  let change: string;
  if (scale <= digits) {
    const padded = diff * 10n ** BigInt(digits - scale);
    const negative = padded < 0n;
    const abs = (negative ? -padded : padded).toString().padStart(digits + 1, '0');
    const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
    change = negative ? `-${text}` : text;
  } else {
    change = moneyString(dec(total).minus(dec(previous)), currency);
  }
  return { change, change_percent: base === 0n ? null : tenthsPercent(diff, base < 0n ? -base : base) };
}

/** part / whole in percent with one decimal ("0.0" when whole is 0). */
export function shareString(part: number, whole: number): string {
  return whole === 0 ? '0.0' : tenthsPercent(BigInt(part), BigInt(whole));
}
