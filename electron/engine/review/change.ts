/**
 * Period-over-period change of an invoice total, exactly: the difference as
 * money of the invoice's currency, and the percentage with one decimal,
 * rounded half away from zero.
 */
import { Decimal, dec, moneyString } from '../../../shared/money';

export interface Change {
  change: string;
  change_percent: string | null;
}

/** A percentage with one decimal, half away from zero, never "-0.0". */
export function percentString(value: Decimal): string {
  const rounded = value.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return rounded.isZero() ? '0.0' : rounded.toFixed(1);
}

/**
 * total − previous in the currency's minor units; the percent is of the
 * previous total's magnitude (so a rise reads positive even from a negative
 * total), null when the previous total is zero.
 */
export function changeOf(total: string, previous: string, currency: string): Change {
  const diff = dec(total).minus(dec(previous));
  const base = dec(previous).abs();
  return { change: moneyString(diff, currency), change_percent: base.isZero() ? null : percentString(diff.div(base).times(100)) };
}

/** part / whole in percent with one decimal ("0.0" when whole is 0). */
export function shareString(part: number, whole: number): string {
  return whole === 0 ? '0.0' : percentString(new Decimal(part).div(whole).times(100));
}
