/**
 * Payments, or the parts of them, left unapplied by the allocation, with why
 * (`billing payments --unapplied`): an unknown account or a currency the
 * account has no invoice in (exceptions: nothing of such a payment is applied),
 * or credit left over once every open invoice of the account was settled.
 */
import type { Ledger, LedgerPayment, UnappliedReason } from './ledger';
import { fromMinor } from './minor-units';

export interface PaymentJson {
  payment_id: string;
  date: string;
  account_id: string;
  currency: string;
  amount: string;
  invoice_number: string | null;
  method: string | null;
  reference: string | null;
  applied: { invoice_number: string; invoice_id: string; amount: string; rule: 'named' | 'oldest_due' }[];
  unapplied: string;
  reason: UnappliedReason | null;
  exception: boolean;
  why: string | null;
}

function why(p: LedgerPayment): string | null {
  const named = p.named_problem ? ` (the invoice it names: ${p.named_problem})` : '';
  switch (p.unapplied_reason) {
    case 'unknown_account':
      return `account ${p.account_id} is not in the book, so the payment cannot be applied`;
    case 'foreign_currency':
      return `account ${p.account_id} has no finalized invoice in ${p.currency}, so the payment cannot be applied`;
    case 'no_open_invoice':
      return `unapplied credit: no open ${p.currency} invoice of ${p.account_id} was left to apply it to${named}`;
    default:
      return p.named_problem ? `applied to the oldest due invoices instead: ${p.named_problem}` : null;
  }
}

export function paymentJson(p: LedgerPayment): PaymentJson {
  return {
    payment_id: p.payment_id, date: p.date, account_id: p.account_id, currency: p.currency, amount: fromMinor(p.amount, p.currency),
    invoice_number: p.invoice_number, method: p.method, reference: p.reference,
    applied: p.allocations.map((a) => ({ invoice_number: a.invoice_number, invoice_id: a.invoice_id, amount: fromMinor(a.amount, p.currency), rule: a.rule })),
    unapplied: fromMinor(p.unapplied, p.currency),
    reason: p.unapplied_reason,
    exception: p.unapplied_reason === 'unknown_account' || p.unapplied_reason === 'foreign_currency',
    why: why(p),
  };
}

export function unappliedPayments(ledger: Ledger): PaymentJson[] {
  return ledger.payments.filter((p) => p.unapplied > 0n).map(paymentJson);
}
