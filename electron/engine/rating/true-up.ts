/**
 * Commitment over a term (rating.md): on the invoice of the last month of the
 * commitment window in which the agreement is active, when the recurring,
 * usage, hours and minimum lines of all the window's invoices sum to less than
 * the committed amount, a `true_up` line adds the difference. It comes after
 * that month's minimum line (which counts) and before the discount, so
 * discount and tax apply to it. Adjustments and one-time lines do not count.
 */
import type { Agreement } from '../../../shared/domain';
import { dec, Decimal } from '../../../shared/money';
import { groupDigits } from '../../../shared/number-text';
import { minDate, type Period } from '../../../shared/period';
import { roundLineAmount } from './line-money';
import type { CommitmentHistory, RatedLine } from './types';

export const COMMITMENT_COUNTED: readonly RatedLine['kind'][] = ['recurring', 'usage', 'hours', 'minimum'];

/** The month whose invoice carries the true-up: the window's last month in which the agreement is active, or null when it never is. */
export function trueUpMonth(agreement: Pick<Agreement, 'commitment' | 'start_date' | 'end_date'>): string | null {
  const c = agreement.commitment;
  if (!c) return null;
  const last = agreement.end_date === null ? c.to : minDate(c.to, agreement.end_date.slice(0, 7));
  return last < c.from || last < agreement.start_date.slice(0, 7) ? null : last;
}

export function trueUpLine(agreement: Agreement, period: Period, lines: readonly RatedLine[], history: CommitmentHistory | undefined): RatedLine | null {
  const c = agreement.commitment;
  if (!c || trueUpMonth(agreement) !== period.id) return null;
  let thisMonth = new Decimal(0);
  for (const line of lines) if (COMMITMENT_COUNTED.includes(line.kind)) thisMonth = thisMonth.plus(dec(line.amount));
  const earlier = dec(history?.billed ?? '0');
  const billed = earlier.plus(thisMonth);
  const shortfall = roundLineAmount(dec(c.amount).minus(billed), agreement.currency);
  if (shortfall.value.lte(0)) return null;
  const invoiceIds = history?.invoiceIds ?? [];
  return {
    kind: 'true_up',
    code: 'true_up',
    description: `Commitment true-up (committed ${groupDigits(c.amount)} for ${c.from} to ${c.to}, billed ${groupDigits(roundLineAmount(billed, agreement.currency).text)} so far)`,
    quantity: '1',
    unitPrice: shortfall.text,
    amount: shortfall.text,
    chargeIndex: null,
    detail: {
      committed: c.amount,
      window_from: c.from,
      window_to: c.to,
      billed_earlier_invoices: earlier.toFixed(),
      billed_this_invoice: thisMonth.toFixed(),
      billed_so_far: billed.toFixed(),
      shortfall: shortfall.text,
      invoices_summed: invoiceIds.length + 1,
      invoice_ids: invoiceIds.join(','),
    },
  };
}
