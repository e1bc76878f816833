/**
 * The league table for internal publication: credit performance as of a day
 * (credit-league.ts) beside the period league's invoices, error share and
 * adjustments (review/league-table.ts), as rows for the screen, a CSV (each
 * row carries the period and the as-of day) and a printable PDF.
 */
import type { Sqlite } from '../../../db/open';
import type { LeagueRow } from '../../../shared/api';
import { formatDay } from '../../../shared/period';
import { toCsv } from '../import/csv-safe';
import { formatPeriod, groupNumber } from '../export/format';
import { leagueTable } from '../review/league-table';
import { creditLeague, type CreditLeagueRow } from './credit-league';
import { queryFigures } from './owner-queries';
import type { ReportDocument } from './report-pdf';

export interface LeagueReportRow extends CreditLeagueRow {
  invoices: number;
  error_share: string;
  adjustments: number;
  /** queries to the owner not resolved yet */
  open_queries: number;
  /** median days from raising a query to its answer, one decimal; null when none was answered */
  median_days_to_answer: string | null;
}

export interface LeagueReport {
  as_of: string;
  period: string | null;
  rows: LeagueReportRow[];
}

/** The latest rated period not after D's month: what "the period" is when none is named. */
export function defaultPeriod(sqlite: Sqlite, asOf: string): string | null {
  return (sqlite.prepare("SELECT max(period) FROM invoices WHERE document_type = 'invoice' AND period <= ?").pluck().get(asOf.slice(0, 7)) as string | null) ?? null;
}

export function leagueReport(sqlite: Sqlite, asOf: string, period: string | null): LeagueReport {
  const byOwner = new Map<string | null, LeagueRow>((period ? leagueTable(sqlite, period) : []).map((r) => [r.owner, r]));
  const queries = queryFigures(sqlite);
  const rows = creditLeague(sqlite, asOf).map((r) => {
    const p = byOwner.get(r.owner);
    const q = queries.get(r.owner);
    return {
      ...r, invoices: p?.invoices ?? 0, error_share: p?.error_share ?? '0.0', adjustments: p?.adjustments ?? 0,
      open_queries: q?.open ?? 0, median_days_to_answer: q?.median_days_to_answer ?? null,
    };
  });
  return { as_of: asOf, period, rows };
}

const overdueText = (r: CreditLeagueRow) => r.overdue.map((o) => `${o.currency} ${groupNumber(o.amount)}`).join(', ');

export function leagueCsv(report: LeagueReport): string {
  return toCsv([
    ['as_of', 'period', 'owner', 'customers', 'in_debt', 'debt_share', 'in_dispute', 'dispute_share', 'overdue', 'avg_days_to_pay', 'invoices', 'error_share', 'adjustments', 'open_queries', 'median_days_to_answer'],
    ...report.rows.map((r) => [
      report.as_of, report.period ?? '', r.owner ?? '(no owner)', r.customers, r.in_debt, r.debt_share, r.in_dispute, r.dispute_share,
      r.overdue.map((o) => `${o.currency} ${o.amount}`).join('; '), r.avg_days_to_pay ?? '', r.invoices, r.error_share, r.adjustments,
      r.open_queries, r.median_days_to_answer ?? '',
    ]),
  ]);
}

export function leagueReportDocument(report: LeagueReport): ReportDocument {
  const when = formatDay(report.as_of);
  return {
    title: 'LEAGUE TABLE',
    documentTitle: `Owners' league table – credit performance as of ${report.as_of}`,
    subject: ["Sales owners' league table", 'Credit performance of each owner’s customers, worst first', 'Internal: not for customers'],
    facts: [['As of', when], ['Period', report.period ? formatPeriod(report.period) : '—']],
    tables: [
      {
        heading: `Credit performance as of ${when}${report.period ? `, with errors and adjustments of ${formatPeriod(report.period)}` : ''}`,
        columns: [
          { title: '#', width: 4, align: 'right' }, { title: 'Owner', width: 18 }, { title: 'Customers', width: 8, align: 'right' },
          { title: 'In debt', width: 7, align: 'right' }, { title: 'Debt %', width: 7, align: 'right' }, { title: 'In dispute', width: 8, align: 'right' },
          { title: 'Dispute %', width: 8, align: 'right' }, { title: 'Overdue', width: 20, align: 'right' }, { title: 'Avg days to pay', width: 10, align: 'right' },
          { title: 'Invoices', width: 7, align: 'right' }, { title: 'Error %', width: 7, align: 'right' }, { title: 'Adjust.', width: 7, align: 'right' },
          { title: 'Open queries', width: 7, align: 'right' }, { title: 'Days to answer', width: 8, align: 'right' },
        ],
        rows: report.rows.map((r, i) => [
          String(i + 1), r.owner ?? '(no owner)', String(r.customers), String(r.in_debt), r.debt_share, String(r.in_dispute), r.dispute_share,
          overdueText(r) || '—', r.avg_days_to_pay ?? '—', String(r.invoices), r.error_share, String(r.adjustments),
          String(r.open_queries), r.median_days_to_answer ?? '—',
        ]),
        empty: 'No agreements yet.',
      },
    ],
    notes: [
      'Order: highest debt share + dispute share first, then more customers, then owner name.',
      'In debt: an invoice open at least one day past its due date. In dispute: a dispute opened and not yet resolved on the as-of day.',
    ],
    date: report.as_of,
    landscape: true,
  };
}
