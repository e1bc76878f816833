/** Exact ordering of money / quantity strings for sorting grids (no floats). */
import { Decimal, isDecimalString } from '../../../shared/money';

export function compareDecimalText(a: string | null | undefined, b: string | null | undefined): number {
  const aOk = typeof a === 'string' && isDecimalString(a);
  const bOk = typeof b === 'string' && isDecimalString(b);
  if (!aOk || !bOk) return aOk === bOk ? 0 : aOk ? 1 : -1;
  return new Decimal(a).comparedTo(new Decimal(b));
}
