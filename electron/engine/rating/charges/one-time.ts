/**
 * One-time charges: billed in full in the period containing `bill_on`, and
 * only if the agreement is active on that very day (rating.md). A bill_on
 * outside the agreement's dates is never billed (never moved to another day).
 */
import type { Agreement, OneTimeCharge } from '../../../../shared/domain';
import { dec } from '../../../../shared/money';
import type { Period } from '../../../../shared/period';
import { isActiveOn } from '../active-days';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import type { RatedLine } from '../types';

export function rateOneTime(charge: OneTimeCharge, chargeIndex: number, agreement: Agreement, period: Period): RatedLine[] {
  const inPeriod = charge.bill_on >= period.first && charge.bill_on <= period.last;
  if (!inPeriod || !isActiveOn(agreement, charge.bill_on)) return [];
  return [
    {
      kind: 'one_time',
      code: charge.code,
      description: charge.description ?? humanize(charge.code),
      quantity: '1',
      unitPrice: charge.amount,
      amount: roundLineAmount(dec(charge.amount), agreement.currency).text,
      chargeIndex,
      detail: { bill_on: charge.bill_on, amount: charge.amount },
    },
  ];
}
