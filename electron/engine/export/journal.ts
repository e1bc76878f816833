/**
 * The accounting journal of a finalized invoice, for the accounting system:
 * debit receivables (and the customer deposit it consumed, and the discount as
 * contra-revenue), credit revenue per charge kind and tax payable. Each
 * invoice's entries balance: amount_due + deposit + discount = lines + tax.
 *
 * A credit note (all amounts negative) gives the same entries on the other
 * side, reversing the invoice it corrects: credit receivables (and sales
 * discounts), debit revenue per charge kind and tax payable. Its descriptions
 * name the corrected invoice ("Tax (credits INV-2026-000001)").
 */
import type { Sqlite } from '../../../db/open';
import { Decimal, dec, moneyString } from '../../../shared/money';

export const JOURNAL_HEADER = ['invoice_number', 'date', 'account_id', 'ledger_account', 'description', 'currency', 'debit', 'credit'];

const REVENUE_ACCOUNT: Record<string, string> = {
  recurring: 'Revenue: subscriptions',
  usage: 'Revenue: usage',
  hours: 'Revenue: services',
  one_time: 'Revenue: one-time fees',
  minimum: 'Revenue: minimum commitments',
  true_up: 'Revenue: commitment true-ups',
  adjustment: 'Revenue: adjustments',
};

export function journalRows(sqlite: Sqlite, invoiceId: string): string[][] {
  const invoice = sqlite
    .prepare(
      `SELECT i.invoice_number, i.issue_date, i.account_id, i.currency, i.discount, i.tax, i.deposit_applied, i.amount_due, o.invoice_number AS credits
       FROM invoices i LEFT JOIN invoices o ON o.id = i.credits_invoice_id WHERE i.id = ?`,
    )
    .get(invoiceId) as {
    invoice_number: string; issue_date: string; account_id: string; currency: string; discount: string; tax: string; deposit_applied: string; amount_due: string;
    credits: string | null;
  };
  const suffix = invoice.credits ? ` (credits ${invoice.credits})` : '';
  const lines = sqlite.prepare("SELECT kind, amount FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount' ORDER BY position").all(invoiceId) as { kind: string; amount: string }[];
  const revenue = new Map<string, Decimal>();
  for (const l of lines) revenue.set(l.kind, (revenue.get(l.kind) ?? new Decimal(0)).plus(l.amount));

  const rows: string[][] = [];
  /** a positive amount is a debit; a negative one (a credit note) the same entry on the other side */
  const entry = (ledger: string, description: string, debit: Decimal) => {
    if (debit.isZero()) return;
    const amount = moneyString(debit.abs(), invoice.currency);
    rows.push([invoice.invoice_number, invoice.issue_date, invoice.account_id, ledger, `${description}${suffix}`, invoice.currency, debit.isPositive() ? amount : '', debit.isPositive() ? '' : amount]);
  };
  entry('Accounts receivable', invoice.credits ? 'Amount credited' : 'Amount due', dec(invoice.amount_due));
  entry('Customer deposits', 'Deposit applied', dec(invoice.deposit_applied));
  entry('Sales discounts', 'Discount', dec(invoice.discount));
  for (const [kind, amount] of revenue) entry(REVENUE_ACCOUNT[kind] ?? `Revenue: ${kind}`, `${kind} lines`, amount.negated());
  entry('Tax payable', 'Tax', dec(invoice.tax).negated());
  return rows;
}
