/**
 * The single place a line amount is rounded: once, to the currency's minor
 * unit, half away from zero (rating.md). Every module builds its exact amount
 * and hands it here, so no line is ever rounded twice.
 */
import { type Decimal, moneyString, roundMoney } from '../../../shared/money';

export interface RoundedAmount {
  /** the rounded amount, for sums */
  value: Decimal;
  /** the money string of the invoice JSON */
  text: string;
}

export function roundLineAmount(exact: Decimal, currency: string): RoundedAmount {
  const value = roundMoney(exact, currency);
  return { value, text: moneyString(value, currency) };
}
