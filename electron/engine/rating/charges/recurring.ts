/**
 * Recurring charges: the monthly amount, prorated by active days when the
 * agreement starts or ends inside the period (rating.md):
 * amount × active_days / days_in_month, start and end dates both active.
 */
import type { RecurringCharge } from '../../../../shared/domain';
import { dec } from '../../../../shared/money';
import type { Period } from '../../../../shared/period';
import type { ActiveSpan } from '../active-days';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import type { RatedLine } from '../types';

export function rateRecurring(charge: RecurringCharge, chargeIndex: number, span: ActiveSpan, period: Period, currency: string): RatedLine[] {
  // Not active a single day of the period: nothing to bill (the orchestrator should not ask, but be safe).
  if (span.days === 0) return [];
  const prorated = span.days < period.days;
  const monthly = dec(charge.amount);
  // Multiply before dividing so the one division is the only inexact step, done at 60 digits, then rounded once.
  const exact = prorated ? monthly.times(span.days).div(period.days) : monthly;
  const name = charge.description ?? humanize(charge.code);
  return [
    {
      kind: 'recurring',
      code: charge.code,
      description: prorated ? `${name} (prorated ${span.days} of ${period.days} days)` : name,
      // The customer sees one month's fee as the unit price and the prorated amount; detail shows why.
      quantity: '1',
      unitPrice: charge.amount,
      amount: roundLineAmount(exact, currency).text,
      chargeIndex,
      detail: {
        monthly_amount: charge.amount,
        active_from: span.from,
        active_to: span.to,
        active_days: span.days,
        days_in_month: period.days,
        prorated: prorated ? 'yes' : 'no',
      },
    },
  ];
}
