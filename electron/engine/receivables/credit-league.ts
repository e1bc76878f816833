/**
 * The league table with credit performance as of a day (receivables.md): per
 * sales owner, over the invoices of their agreements, how many customers are
 * in debt or in dispute, their shares, the overdue amounts per currency and
 * the average days to pay. Owners are every owner named on an agreement (and
 * the "no owner" row when an agreement has none), so an owner whose customers
 * were not invoiced yet shows "0.0". Worst dispute_share + debt_share first,
 * then more customers, then the owner's name ("no owner" last).
 */
import type { Sqlite } from '../../../db/open';
import { dec } from '../../../shared/money';
import { shareString } from '../review/change';
import { daysBetween, fromMinor, meanTenths } from './minor-units';
import { daysOverdue, inDisputeOn, issuedBy, loadLedger, openBalance, paidOn, type Ledger } from './ledger';

export interface CreditLeagueRow {
  owner: string | null;
  customers: number;
  in_debt: number;
  in_dispute: number;
  debt_share: string;
  dispute_share: string;
  overdue: { currency: string; amount: string }[];
  avg_days_to_pay: string | null;
}

interface Acc {
  customers: Set<string>;
  debt: Set<string>;
  dispute: Set<string>;
  overdue: Map<string, bigint>;
  paidDays: number;
  paidCount: number;
}

export function creditLeagueOf(ledger: Ledger, owners: readonly (string | null)[], asOf: string): CreditLeagueRow[] {
  const accs = new Map<string | null, Acc>();
  const acc = (owner: string | null): Acc => {
    let a = accs.get(owner);
    if (!a) accs.set(owner, (a = { customers: new Set(), debt: new Set(), dispute: new Set(), overdue: new Map(), paidDays: 0, paidCount: 0 }));
    return a;
  };
  for (const owner of owners) acc(owner);
  for (const inv of issuedBy(ledger, asOf)) {
    const a = acc(inv.owner);
    a.customers.add(inv.account_id);
    const open = openBalance(inv, asOf);
    if (open > 0n && daysOverdue(inv, asOf) >= 1) {
      a.debt.add(inv.account_id);
      a.overdue.set(inv.currency, (a.overdue.get(inv.currency) ?? 0n) + open);
    }
    if (inDisputeOn(inv, asOf)) a.dispute.add(inv.account_id);
    const paid = paidOn(inv, asOf);
    if (paid !== null) {
      a.paidDays += daysBetween(inv.issue_date, paid);
      a.paidCount++;
    }
  }
  const rows = [...accs].map(([owner, a]): CreditLeagueRow => ({
    owner,
    customers: a.customers.size,
    in_debt: a.debt.size,
    in_dispute: a.dispute.size,
    debt_share: shareString(a.debt.size, a.customers.size),
    dispute_share: shareString(a.dispute.size, a.customers.size),
    overdue: [...a.overdue].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([currency, amount]) => ({ currency, amount: fromMinor(amount, currency) })),
    avg_days_to_pay: a.paidCount === 0 ? null : meanTenths(a.paidDays, a.paidCount),
  }));
  const badness = (r: CreditLeagueRow) => dec(r.debt_share).plus(r.dispute_share);
  return rows.sort(
    (x, y) =>
      badness(y).comparedTo(badness(x)) ||
      y.customers - x.customers ||
      (x.owner === null ? (y.owner === null ? 0 : 1) : y.owner === null ? -1 : x.owner.localeCompare(y.owner)),
  );
}

export function creditLeague(sqlite: Sqlite, asOf: string): CreditLeagueRow[] {
  const owners = sqlite.prepare("SELECT DISTINCT nullif(trim(owner), '') FROM agreements").pluck().all() as (string | null)[];
  return creditLeagueOf(loadLedger(sqlite), owners, asOf);
}
