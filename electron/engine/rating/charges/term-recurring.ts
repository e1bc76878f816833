/**
 * A recurring charge over a quarter, half-year or year (rating.md "Recurring
 * over a term"): `amount` is per term, billed on the invoice of the term's
 * first active month (`advance`, the default) or its last (`arrears`), and
 * prorated amount × active_days_in_term / days_in_term when the agreement's
 * dates cut the term, rounded once. Other months of the term bill nothing.
 */
import type { Agreement, RecurringCharge } from '../../../../shared/domain';
import { dec } from '../../../../shared/money';
import type { Period } from '../../../../shared/period';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import { chargeTerm, termDetail, termWords } from '../terms';
import type { RatedLine } from '../types';

export function rateTermRecurring(charge: RecurringCharge, chargeIndex: number, agreement: Agreement, period: Period): RatedLine[] {
  const term = chargeTerm(agreement, charge, period);
  const timing = charge.timing ?? 'advance';
  const billedIn = timing === 'advance' ? term.firstActiveMonth : term.lastActiveMonth;
  if (term.activeDays === 0 || billedIn !== period.id) return [];
  const prorated = term.activeDays < term.days;
  // Multiply before dividing: the one division is the only inexact step, then rounded once.
  const exact = prorated ? dec(charge.amount).times(term.activeDays).div(term.days) : dec(charge.amount);
  const name = charge.description ?? humanize(charge.code);
  const note = prorated ? `, prorated ${term.activeDays}/${term.days} days` : '';
  return [
    {
      kind: 'recurring',
      code: charge.code,
      description: `${name} (${termWords(term)}${note}, billed in ${timing})`,
      quantity: '1',
      unitPrice: charge.amount,
      amount: roundLineAmount(exact, agreement.currency).text,
      chargeIndex,
      detail: { term_amount: charge.amount, timing, ...termDetail(term), prorated: prorated ? 'yes' : 'no' },
    },
  ];
}
