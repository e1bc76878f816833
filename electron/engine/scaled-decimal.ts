/**
 * Exact decimals as scaled integers of millionths: the unit of
 * usage_records.quantity_scaled (db/schema.ts), of the rating's SQL
 * aggregates and of the review screens' exact sums. One home for the
 * conversions, so that rating, the anomaly rules and the review sums cannot
 * disagree on the scale or on which way a bound rounds.
 */
import { QUANTITY_SCALE } from '../../db/schema';
import { Decimal } from '../../shared/money';

const SCALE = 10n ** BigInt(QUANTITY_SCALE);
const SCALE_DECIMAL = new Decimal(10).pow(QUANTITY_SCALE);

/** Millionths back to the shortest exact decimal string. */
export function scaledToDecimal(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % SCALE).toString().padStart(QUANTITY_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / SCALE}${fraction ? `.${fraction}` : ''}`;
}

/** Millionths (as SQLite returns them with safeIntegers) back to an exact Decimal; NULL (an empty sum) is zero. */
export function fromScaled(value: bigint | number | null): Decimal {
  if (value === null) return new Decimal(0);
  return new Decimal(value.toString()).div(SCALE_DECIMAL);
}

/** The scaled integer bound such that quantity > x ⟺ quantity_scaled > bound. */
export function scaledFloor(x: Decimal): bigint {
  return BigInt(x.times(SCALE_DECIMAL).floor().toFixed(0));
}

/** The scaled integer bound such that quantity < x ⟺ quantity_scaled <= bound. */
export function scaledBelow(x: Decimal): bigint {
  return BigInt(x.times(SCALE_DECIMAL).ceil().toFixed(0)) - 1n;
}
