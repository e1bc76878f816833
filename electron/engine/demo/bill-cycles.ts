/**
 * The bill-cycle terms of the demo book (rating.md "Bill cycles, percentage
 * charges, prepaid units, commitments"): a few agreements of the hand-written
 * book carry them, so every kind of line shows somewhere in the six months.
 * Each is sized so the months' totals move no more than they did before (no new
 * total_jump, no large_true_up; see README "Bill cycles").
 *
 * - TRUENORTH: a quarterly compliance pack (calendar, in arrears), prorated
 *   59/92 days in September (the agreement starts Aug 3); October's quarter bills in December.
 * - OBRIEN: an annual security audit on the agreement's anniversary (October).
 * - CONTOSO: compute hours billed per calendar quarter in arrears (June, September), 6,000 hours included per quarter.
 * - REDWOOD: a card-payments fee, 0.5 % + 0.10 per payment, the first 20 a month free, 0.25 to 25.00 per payment.
 * - WAYNE: 310,000 prepaid SMS for May to December 2026 (about 44,000 a month with seed 42: 50,000 left
 *   after October, at that pace gone before December, so the dashboard's term watch lists the block).
 * - HARBOR: a commitment of 6 × its monthly minimum (which every month's invoice reaches exactly)
 *   + 3,000.00 for May to October: October trues up 3,000.00 after its minimum.
 */
import { dec } from '../../../shared/money';
import type { z } from 'zod';
import type { agreementSchema } from '../../../shared/domain';

/** An agreement as agreements.json writes it (book.ts's AgreementDoc, not imported from there: book.ts calls this module). */
type AgreementDoc = z.input<typeof agreementSchema>;

export const BILL_CYCLE_ACCOUNTS = ['TRUENORTH', 'OBRIEN', 'CONTOSO', 'REDWOOD', 'WAYNE', 'HARBOR'] as const;

/** Adds the bill-cycle terms to the agreements of BILL_CYCLE_ACCOUNTS (in place). */
export function addBillCycleTerms(list: AgreementDoc[]): void {
  const of = (account: string) => {
    const found = list.find((a) => a.account_id === account);
    if (!found) throw new Error(`no demo agreement of ${account}`);
    return found;
  };
  of('TRUENORTH').charges.push({ type: 'recurring', code: 'compliance_pack', description: 'Compliance pack', amount: '90.00', interval: 'quarter', timing: 'arrears' });
  of('OBRIEN').charges.push({ type: 'recurring', code: 'security_audit', description: 'Annual security audit', amount: '2400.00', interval: 'year', align: 'anniversary' });
  for (const c of of('CONTOSO').charges) {
    if (c.type === 'usage' && c.metric === 'compute_hours') {
      c.interval = 'quarter';
      c.included = '6000';
      c.description = 'Compute hours (per quarter)';
    }
  }
  of('REDWOOD').charges.push({
    type: 'usage', metric: 'payments', description: 'Card payments', model: 'percentage',
    rate: '0.5', per_event_fee: '0.10', free_events: 20, min_per_event: '0.25', max_per_event: '25.00',
  });
  of('WAYNE').prepaid = [{ metric: 'sms', units: '310000', from: '2026-05', to: '2026-12' }];
  const harbor = of('HARBOR');
  harbor.commitment = { amount: dec(harbor.minimum_commitment ?? '0').times(6).plus(3000).toFixed(2), from: '2026-05', to: '2026-10' };
}
