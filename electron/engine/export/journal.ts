/**
 * The accounting journal of a finalized invoice, for the accounting system:
 * debit receivables (and the customer deposit it consumed, and the discount as
 * contra-revenue), credit revenue per charge kind and tax payable. Each
 * invoice's entries balance: amount_due + deposit + discount = lines + tax.
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
  adjustment: 'Revenue: adjustments',
};

export function journalRows(sqlite: Sqlite, invoiceId: string): string[][] {
  const invoice = sqlite
    .prepare('SELECT invoice_number, issue_date, account_id, currency, discount, tax, deposit_applied, amount_due FROM invoices WHERE id = ?')
    .get(invoiceId) as { invoice_number: string; issue_date: string; account_id: string; currency: string; discount: string; tax: string; deposit_applied: string; amount_due: string };
  const lines = sqlite.prepare("SELECT kind, amount FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount' ORDER BY position").all(invoiceId) as { kind: string; amount: string }[];
  const revenue = new Map<string, Decimal>();
  for (const l of lines) revenue.set(l.kind, (revenue.get(l.kind) ?? new Decimal(0)).plus(l.amount));

  const rows: string[][] = [];
  /** a positive amount is a debit; a negative one (a credit note) the same entry on the other side */
  const entry = (ledger: string, description: string, debit: Decimal) => {
    if (debit.isZero()) return;
    const amount = moneyString(debit.abs(), invoice.currency);
    rows.push([invoice.invoice_number, invoice.issue_date, invoice.account_id, ledger, description, invoice.currency, debit.isPositive() ? amount : '', debit.isPositive() ? '' : amount]);
  };
  entry('Accounts receivable', 'Amount due', dec(invoice.amount_due));
  entry('Customer deposits', 'Deposit applied', dec(invoice.deposit_applied));
  entry('Sales discounts', 'Discount', dec(invoice.discount));
  for (const [kind, amount] of revenue) entry(REVENUE_ACCOUNT[kind] ?? `Revenue: ${kind}`, `${kind} lines`, amount.negated());
  entry('Tax payable', 'Tax', dec(invoice.tax).negated());
  return rows;
}
