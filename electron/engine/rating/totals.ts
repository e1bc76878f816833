/**
 * Invoice totals (rating.md "Totals"). Sums add the already rounded line
 * amounts; discount and tax are each rounded once.
 *
 *   subtotal = Σ lines (all but the discount)
 *   discount = round(subtotal × discount_percent / 100)   shown as a negative line
 *   tax      = round((subtotal − discount) × tax_rate)
 *   total    = subtotal − discount + tax
 *   deposit_applied = min(deposit remaining, max(total, 0)); amount_due = total − deposit_applied
 */
import { dec, Decimal, moneyString, roundMoney } from '../../../shared/money';
import { currencyMinorUnits } from '../../../shared/currencies';
import { groupDigits } from '../../../shared/number-text';
import type { RatedLine } from './types';

export interface Totals {
  /** the discount line to append, or null when there is no discount */
  discountLine: RatedLine | null;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  depositApplied: string;
  amountDue: string;
}

export interface TotalsTerms {
  currency: string;
  discountPercent: string;
  taxRate: string;
  depositRemaining: string;
}

export function computeTotals(lines: readonly RatedLine[], terms: TotalsTerms): Totals {
  const { currency } = terms;
  let subtotal = new Decimal(0);
  for (const line of lines) if (line.kind !== 'discount') subtotal = subtotal.plus(dec(line.amount));

  // A discount only reduces a positive subtotal: a percentage off a credit would increase what we owe.
  const discount = subtotal.gt(0) ? roundMoney(subtotal.times(dec(terms.discountPercent)).div(100), currency) : new Decimal(0);
  const tax = roundMoney(subtotal.minus(discount).times(dec(terms.taxRate)), currency);
  const total = subtotal.minus(discount).plus(tax);

  // A deposit is only spent on money owed, and never more than a whole minor unit that remains.
  const remaining = Decimal.max(0, dec(terms.depositRemaining)).toDecimalPlaces(currencyMinorUnits(currency), Decimal.ROUND_DOWN);
  const depositApplied = Decimal.min(remaining, Decimal.max(total, 0));
  const amountDue = total.minus(depositApplied);

  const discountText = moneyString(discount, currency);
  const discountLine: RatedLine | null = discount.isZero()
    ? null
    : {
        kind: 'discount',
        code: 'discount',
        description: `Discount ${groupDigits(dec(terms.discountPercent).toFixed())}%`,
        quantity: '1',
        unitPrice: moneyString(discount.negated(), currency),
        amount: moneyString(discount.negated(), currency),
        chargeIndex: null,
        detail: { discount_percent: terms.discountPercent, subtotal: moneyString(subtotal, currency) },
      };

  return {
    discountLine,
    subtotal: moneyString(subtotal, currency),
    discount: discountText,
    tax: moneyString(tax, currency),
    total: moneyString(total, currency),
    depositApplied: moneyString(depositApplied, currency),
    amountDue: moneyString(amountDue, currency),
  };
}
