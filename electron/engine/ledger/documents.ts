/**
 * The period's finalized invoices and credit notes as balanced journal
 * entries, from the stored figures (never recomputed): debit receivables with
 * the amount due, the customer deposits with the deposit applied and the sales
 * discounts with the discount; credit revenue per charge kind (the sum of the
 * stored line amounts) and tax payable with the stored tax. A credit note's
 * amounts are negative, so the same entries land on the other side.
 *
 * Every document balances (amount_due + deposit + discount = lines + tax,
 * data-formats.md's invariants); one that does not is refused with a sentence
 * rather than written.
 */
import type { Sqlite } from '../../../db/open';
import { currencyMinorUnits } from '../../../shared/currencies';
import { Decimal, dec } from '../../../shared/money';
import { ConflictError } from '../errors';
import type { AccountRole } from './accounts';

export interface JournalEntry {
  role: AccountRole;
  description: string;
  /** signed: positive debits the account, negative credits it */
  amount: Decimal;
}

export interface LedgerDocument {
  invoice_id: string;
  number: string;
  type: 'invoice' | 'credit_note';
  /** YYYY-MM-DD */
  issue_date: string;
  account_id: string;
  customer: string;
  currency: string;
  /** the invoice a credit note corrects */
  credits: string | null;
  amount_due: Decimal;
  entries: JournalEntry[];
}

const KIND_LABEL: Record<string, string> = {
  recurring: 'subscriptions', usage: 'usage', hours: 'services', one_time: 'one-time fees', minimum: 'minimum commitment', true_up: 'commitment true-up', adjustment: 'adjustments',
};

interface DocumentRow {
  id: string; invoice_number: string; document_type: 'invoice' | 'credit_note'; issue_date: string; account_id: string; customer: string; currency: string;
  discount: string; tax: string; deposit_applied: string; amount_due: string; credits: string | null;
}

export function periodDocuments(sqlite: Sqlite, period: string): LedgerDocument[] {
  const rows = sqlite
    .prepare(
      `SELECT i.id, i.invoice_number, i.document_type, i.issue_date, i.account_id, coalesce(c.name, i.account_id) AS customer, i.currency,
              i.discount, i.tax, i.deposit_applied, i.amount_due, o.invoice_number AS credits
       FROM invoices i LEFT JOIN accounts c ON c.id = i.account_id LEFT JOIN invoices o ON o.id = i.credits_invoice_id
       WHERE i.period = ? AND i.status = 'finalized'
       ORDER BY CASE i.document_type WHEN 'invoice' THEN 0 ELSE 1 END, i.invoice_number`,
    )
    .all(period) as DocumentRow[];
  const lines = sqlite.prepare("SELECT kind, amount FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount' ORDER BY position");
  return rows.map((row) => {
    const revenue = new Map<string, Decimal>();
    for (const l of lines.all(row.id) as { kind: string; amount: string }[]) revenue.set(l.kind, (revenue.get(l.kind) ?? new Decimal(0)).plus(l.amount));
    const suffix = row.credits ? ` (credits ${row.credits})` : '';
    const entries: JournalEntry[] = [];
    const entry = (role: AccountRole, description: string, amount: Decimal) => {
      if (!amount.isZero()) entries.push({ role, description: `${description}${suffix}`, amount });
    };
    const amountDue = dec(row.amount_due);
    entry('receivables', row.credits ? 'Amount credited' : 'Amount due', amountDue);
    entry('deposits', 'Deposit applied', dec(row.deposit_applied));
    entry('discounts', 'Discount', dec(row.discount));
    for (const [kind, amount] of revenue) entry(`revenue_${kind}` as AccountRole, `Revenue: ${KIND_LABEL[kind] ?? kind}`, amount.negated());
    entry('tax', 'Tax', dec(row.tax).negated());
    const off = entries.reduce((sum, e) => sum.plus(e.amount), new Decimal(0));
    if (!off.isZero()) throw new ConflictError(`${row.invoice_number} does not balance (its debits and credits differ by ${off.abs().toFixed(currencyMinorUnits(row.currency))}); no journal was written.`);
    return {
      invoice_id: row.id, number: row.invoice_number, type: row.document_type, issue_date: row.issue_date, account_id: row.account_id, customer: row.customer,
      currency: row.currency, credits: row.credits, amount_due: amountDue, entries,
    };
  });
}
