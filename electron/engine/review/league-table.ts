/**
 * The owners' league table of a period: per agreement owner (the sales person
 * on the agreement; agreements without one form the "no owner" row, owner
 * null), over the period's invoices (document_type 'invoice'): how many
 * accounts, agreements and invoices, how many invoices carry an error anomaly
 * (open or already reviewed: the deal needed correcting either way), the
 * manual adjustments made, and the amounts per currency. Worst error share
 * first, then the owner with more invoices.
 */
import type { Sqlite } from '../../../db/open';
import type { LeagueRow, PerCurrency } from '../../../shared/api';
import { dec, moneyString, type Decimal } from '../../../shared/money';
import { shareString } from './change';
import { groupedSums, moneyColumn, type GroupSum } from './exact-sum';

const OWNER = "nullif(trim(a.owner), '')";
const INVOICES = `FROM invoices i JOIN agreements a ON a.id = i.agreement_id WHERE i.period = @period AND i.document_type = 'invoice'`;
const HAS_ERROR = "EXISTS (SELECT 1 FROM anomalies n WHERE n.invoice_id = i.id AND n.active AND n.severity = 'error' AND n.status <> 'dismissed')";

interface Acc {
  owner: string | null;
  accounts: number;
  agreements: number;
  invoices: number;
  invoices_with_errors: number;
  adjustments: number;
  adjusted: Map<string, Decimal>;
  billed: Map<string, Decimal>;
  with_errors: Map<string, Decimal>;
}

const perCurrency = (m: Map<string, Decimal>): PerCurrency =>
  [...m].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: moneyString(amount, currency) }));

export function leagueTable(sqlite: Sqlite, period: string): LeagueRow[] {
  const owners = new Map<string, Acc>();
  const acc = (owner: string | number | null | undefined): Acc => {
    const key = JSON.stringify(owner ?? null);
    let row = owners.get(key);
    if (!row) {
      row = { owner: owner === null || owner === undefined ? null : String(owner), accounts: 0, agreements: 0, invoices: 0, invoices_with_errors: 0, adjustments: 0, adjusted: new Map(), billed: new Map(), with_errors: new Map() };
      owners.set(key, row);
    }
    return row;
  };
  const add = (groups: GroupSum[], apply: (row: Acc, currency: string, rows: number, amount: Decimal) => void) => {
    for (const g of groups) apply(acc(g.key[0]), String(g.key[1]), g.rows, g.sums[0]!);
  };

  for (const r of sqlite
    .prepare(`SELECT ${OWNER} AS owner, count(DISTINCT i.account_id) AS accounts, count(DISTINCT i.agreement_id) AS agreements ${INVOICES} GROUP BY 1`)
    .all({ period }) as { owner: string | null; accounts: number; agreements: number }[]) {
    Object.assign(acc(r.owner), { accounts: r.accounts, agreements: r.agreements });
  }
  add(groupedSums(sqlite, INVOICES, [OWNER, 'i.currency'], [moneyColumn('i.total')], { period }), (row, currency, rows, amount) => {
    row.invoices += rows;
    row.billed.set(currency, amount);
  });
  add(groupedSums(sqlite, `${INVOICES} AND ${HAS_ERROR}`, [OWNER, 'i.currency'], [moneyColumn('i.total')], { period }), (row, currency, rows, amount) => {
    row.invoices_with_errors += rows;
    row.with_errors.set(currency, amount);
  });
  add(
    groupedSums(
      sqlite,
      `FROM adjustments j JOIN invoices i ON i.agreement_id = j.agreement_id AND i.period = j.period AND i.document_type = 'invoice'
         JOIN agreements a ON a.id = i.agreement_id
       WHERE j.period = @period`,
      [OWNER, 'i.currency'],
      [moneyColumn('j.amount')],
      { period },
    ),
    (row, currency, rows, amount) => {
      row.adjustments += rows;
      row.adjusted.set(currency, amount);
    },
  );

  return [...owners.values()]
    .map((r) => ({
      owner: r.owner,
      accounts: r.accounts,
      agreements: r.agreements,
      invoices: r.invoices,
      invoices_with_errors: r.invoices_with_errors,
      error_share: shareString(r.invoices_with_errors, r.invoices),
      adjustments: r.adjustments,
      adjusted: perCurrency(r.adjusted),
      billed: perCurrency(r.billed),
      with_errors: perCurrency(r.with_errors),
    }))
    .sort(
      (a, b) =>
        dec(b.error_share).comparedTo(dec(a.error_share)) ||
        b.invoices - a.invoices ||
        (a.owner === null ? 1 : b.owner === null ? -1 : a.owner.localeCompare(b.owner)),
    );
}
