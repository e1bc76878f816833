/**
 * Aging as of a day (receivables.md): per (account, currency), the open
 * balances of the finalized invoices issued on or before D, by days overdue.
 * Only pairs with an open balance are listed; `in_dispute` is the account's
 * (any of its invoices in dispute on D, whatever the currency).
 */
import type { Sqlite } from '../../../db/open';
import { daysOverdue, inDisputeOn, issuedBy, loadLedger, openBalance, type Ledger, type LedgerInvoice } from './ledger';
import { fromMinor } from './minor-units';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export type AgingRow = { account_id: string; currency: string } & Record<AgingBucket, string> & { total: string; in_dispute: boolean };

export interface OpenItem {
  invoice_id: string;
  invoice_number: string;
  account_id: string;
  currency: string;
  issue_date: string;
  due_date: string;
  amount_due: string;
  open_balance: string;
  days_overdue: number;
  bucket: AgingBucket;
  in_dispute: boolean;
}

export function bucketOf(days: number): AgingBucket {
  return days <= 0 ? 'current' : days <= 30 ? '1-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every finalized invoice issued by D with an open balance, oldest due first within each account and currency. */
export function openItems(ledger: Ledger, asOf: string): OpenItem[] {
  const items: OpenItem[] = [];
  for (const inv of issuedBy(ledger, asOf)) {
    const open = openBalance(inv, asOf);
    if (open <= 0n) continue;
    const days = daysOverdue(inv, asOf);
    items.push({
      invoice_id: inv.invoice_id, invoice_number: inv.invoice_number, account_id: inv.account_id, currency: inv.currency,
      issue_date: inv.issue_date, due_date: inv.due_date, amount_due: fromMinor(inv.amount_due, inv.currency), open_balance: fromMinor(open, inv.currency),
      days_overdue: days, bucket: bucketOf(days), in_dispute: inDisputeOn(inv, asOf),
    });
  }
  return items.sort((a, b) => compareText(a.account_id, b.account_id) || compareText(a.currency, b.currency) || compareText(a.due_date, b.due_date) || compareText(a.invoice_number, b.invoice_number));
}

/** Accounts with an invoice in dispute on D. */
export function accountsInDispute(invoices: readonly LedgerInvoice[], asOf: string): Set<string> {
  return new Set(invoices.filter((i) => i.issue_date <= asOf && inDisputeOn(i, asOf)).map((i) => i.account_id));
}

export function agingOf(ledger: Ledger, asOf: string): AgingRow[] {
  const disputed = accountsInDispute(ledger.invoices, asOf);
  const rows = new Map<string, { account_id: string; currency: string; sums: Record<AgingBucket, bigint> }>();
  for (const inv of issuedBy(ledger, asOf)) {
    const open = openBalance(inv, asOf);
    if (open <= 0n) continue;
    const key = `${inv.account_id}\u0000${inv.currency}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { account_id: inv.account_id, currency: inv.currency, sums: { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n } }));
    row.sums[bucketOf(daysOverdue(inv, asOf))] += open;
  }
  return [...rows.values()]
    .sort((a, b) => compareText(a.account_id, b.account_id) || compareText(a.currency, b.currency))
    .map((r) => {
      const total = AGING_BUCKETS.reduce((s, b) => s + r.sums[b], 0n);
      return {
        account_id: r.account_id,
        currency: r.currency,
        current: fromMinor(r.sums.current, r.currency),
        '1-30': fromMinor(r.sums['1-30'], r.currency),
        '31-60': fromMinor(r.sums['31-60'], r.currency),
        '61-90': fromMinor(r.sums['61-90'], r.currency),
        '90+': fromMinor(r.sums['90+'], r.currency),
        total: fromMinor(total, r.currency),
        in_dispute: disputed.has(r.account_id),
      };
    });
}

export function aging(sqlite: Sqlite, asOf: string): AgingRow[] {
  return agingOf(loadLedger(sqlite), asOf);
}
