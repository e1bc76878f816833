/**
 * Open balance on each finalized invoice (issue 17; receivables.md "Open
 * balance of an invoice as of day D"): beside the invoice JSON of
 * `billing invoices` and in the open-balance register of a period
 * (`billing register`), each figure from the same ledger as aging.
 */
import type { Sqlite } from '../../../db/open';
import type { InvoiceJson } from '../../../shared/domain';
import { toCsv } from '../import/csv-safe';
import { daysOverdue, inDisputeOn, loadLedger, openBalance, openBalances } from './ledger';
import { fromMinor } from './minor-units';

export type InvoiceJsonWithBalance = InvoiceJson & { open_balance: string | null };

/** Each invoice with `open_balance` as of D after `amount_due` (null unless it is a finalized invoice issued by D). */
export function withOpenBalances(sqlite: Sqlite, invoices: readonly InvoiceJson[], asOf: string): InvoiceJsonWithBalance[] {
  const balances = invoices.some((i) => i.status === 'finalized') ? openBalances(loadLedger(sqlite), asOf) : new Map<string, string>();
  return invoices.map((i) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(i)) {
      out[key] = value;
      if (key === 'amount_due') out['open_balance'] = balances.get(i.invoice_id) ?? null;
    }
    return out as InvoiceJsonWithBalance;
  });
}

export interface RegisterRow {
  invoice_number: string;
  invoice_id: string;
  account_id: string;
  agreement_id: string;
  currency: string;
  issue_date: string;
  due_date: string;
  amount_due: string;
  credited: string;
  paid: string;
  open_balance: string;
  days_overdue: number;
  in_dispute: boolean;
}

export const REGISTER_COLUMNS = ['as_of', 'period', 'invoice_number', 'invoice_id', 'account_id', 'agreement_id', 'currency', 'issue_date', 'due_date', 'amount_due', 'credited', 'paid', 'open_balance', 'days_overdue', 'in_dispute'] as const;

/** The period's finalized invoices issued by D, by invoice number, with what was credited and paid by D and the open balance. */
export function openBalanceRegister(sqlite: Sqlite, period: string, asOf: string): RegisterRow[] {
  const ids = new Set(sqlite.prepare("SELECT id FROM invoices WHERE period = ? AND status = 'finalized' AND document_type = 'invoice'").pluck().all(period) as string[]);
  return loadLedger(sqlite)
    .invoices.filter((i) => ids.has(i.invoice_id) && i.issue_date <= asOf)
    .sort((a, b) => (a.invoice_number < b.invoice_number ? -1 : a.invoice_number > b.invoice_number ? 1 : 0))
    .map((i) => {
      const credited = i.credits.filter((c) => c.date <= asOf).reduce((s, c) => s + c.amount, 0n);
      const paid = i.allocations.filter((a) => a.date <= asOf).reduce((s, a) => s + a.amount, 0n);
      return {
        invoice_number: i.invoice_number, invoice_id: i.invoice_id, account_id: i.account_id, agreement_id: i.agreement_id, currency: i.currency,
        issue_date: i.issue_date, due_date: i.due_date, amount_due: fromMinor(i.amount_due, i.currency), credited: fromMinor(credited, i.currency),
        paid: fromMinor(paid, i.currency), open_balance: fromMinor(openBalance(i, asOf), i.currency), days_overdue: daysOverdue(i, asOf), in_dispute: inDisputeOn(i, asOf),
      };
    });
}

/** The register as CSV (formula-safe cells), the period and the day on every row. */
export function openBalanceRegisterCsv(rows: readonly RegisterRow[], period: string, asOf: string): string {
  return toCsv([[...REGISTER_COLUMNS], ...rows.map((r) => [asOf, period, r.invoice_number, r.invoice_id, r.account_id, r.agreement_id, r.currency, r.issue_date, r.due_date, r.amount_due, r.credited, r.paid, r.open_balance, String(r.days_overdue), r.in_dispute ? 'yes' : 'no'])]);
}
