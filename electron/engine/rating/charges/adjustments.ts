/**
 * Manual adjustments a reviewer added to an agreement's period (a credit when
 * negative, a debit when positive), as invoice lines of kind `adjustment`.
 *
 * They are lines like any other, so they are part of the subtotal that the
 * discount and tax apply to ("subtotal: sum of every line but the discount");
 * they do not count toward the minimum commitment (it measures recurring,
 * usage and hours charges only). Each amount is rounded once to the currency's
 * minor unit, like every line; the reviewer usually types it exactly.
 */
import { dec } from '../../../../shared/money';
import { roundLineAmount } from '../line-money';
import type { Adjustment, RatedLine } from '../types';

export function adjustmentLines(adjustments: readonly Adjustment[], currency: string): RatedLine[] {
  return adjustments.map((a) => {
    const amount = roundLineAmount(dec(a.amount), currency).text;
    return {
      kind: 'adjustment',
      code: 'adjustment',
      description: a.description,
      quantity: '1',
      unitPrice: amount,
      amount,
      chargeIndex: null,
      detail: { adjustment_id: a.id, reason: a.reason, entered_amount: a.amount },
    };
  });
}
