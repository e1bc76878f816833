/**
 * What the app's Receivables and Owners pages show, from one ledger load per
 * call: the aging grid with unapplied payments, an account's invoices with
 * what was applied to each, and the league table's files.
 */
import type { Sqlite } from '../../../db/open';
import { brandingForPdf, pdfFonts } from '../export/stored-invoice-pdf';
import { agingOf, bucketOf } from './aging';
import { leagueCsv, leagueReport, leagueReportDocument, defaultPeriod } from './league-report';
import { daysOverdue, inDisputeOn, loadLedger, openBalance } from './ledger';
import { fromMinor } from './minor-units';
import { reportPdfModule } from './report-renderer';
import { statement, statementReport } from './statement';
import { paymentJson, unappliedPayments } from './unapplied-payments';

export function agingView(sqlite: Sqlite, asOf: string) {
  const ledger = loadLedger(sqlite);
  const disputed = new Map<string, bigint>();
  for (const inv of ledger.invoices) {
    if (inv.issue_date > asOf || !inDisputeOn(inv, asOf)) continue;
    const open = openBalance(inv, asOf);
    if (open > 0n) disputed.set(inv.currency, (disputed.get(inv.currency) ?? 0n) + open);
  }
  return {
    as_of: asOf,
    rows: agingOf(ledger, asOf),
    unapplied: unappliedPayments(ledger).filter((p) => p.date <= asOf),
    disputed: [...disputed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount: fromMinor(amount, currency) })),
  };
}

export function accountView(sqlite: Sqlite, accountId: string, asOf: string) {
  const ledger = loadLedger(sqlite);
  const items = ledger.invoices
    .filter((i) => i.account_id === accountId && i.issue_date <= asOf)
    .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.invoice_number < b.invoice_number ? -1 : 1))
    .map((i) => {
      const days = daysOverdue(i, asOf);
      return {
        invoice_id: i.invoice_id, invoice_number: i.invoice_number, account_id: i.account_id, currency: i.currency, issue_date: i.issue_date, due_date: i.due_date,
        amount_due: fromMinor(i.amount_due, i.currency), open_balance: fromMinor(openBalance(i, asOf), i.currency), days_overdue: days, bucket: bucketOf(days),
        in_dispute: inDisputeOn(i, asOf),
        credits: i.credits.filter((c) => c.date <= asOf).map((c) => ({ number: c.number, date: c.date, amount: fromMinor(c.amount, i.currency) })),
        allocations: i.allocations.filter((a) => a.date <= asOf).map((a) => ({ payment_id: a.payment_id, date: a.date, amount: fromMinor(a.amount, i.currency), rule: a.rule })),
        disputes: i.disputes,
      };
    });
  const payments = ledger.payments.filter((p) => p.account_id === accountId && p.date <= asOf).map(paymentJson);
  return { account_id: accountId, as_of: asOf, items, payments };
}

function leagueOf(sqlite: Sqlite, asOf: string, period: string | undefined) {
  return leagueReport(sqlite, asOf, period ?? defaultPeriod(sqlite, asOf));
}

export function leagueView(sqlite: Sqlite, asOf: string, period: string | undefined) {
  return leagueOf(sqlite, asOf, period);
}

export function leagueCsvFile(sqlite: Sqlite, asOf: string, period: string | undefined) {
  const report = leagueOf(sqlite, asOf, period);
  return { file_name: `league-table_${asOf}.csv`, csv: leagueCsv(report), rows: report.rows.length };
}

export async function leaguePdfFile(sqlite: Sqlite, asOf: string, period: string | undefined) {
  const { renderReportPdf } = await reportPdfModule();
  const bytes = await renderReportPdf(leagueReportDocument(leagueOf(sqlite, asOf, period)), brandingForPdf(sqlite), await pdfFonts());
  return { file_name: `league-table_${asOf}.pdf`, base64: Buffer.from(bytes).toString('base64') };
}

export async function statementPdfFile(sqlite: Sqlite, accountId: string, asOf: string) {
  const { renderReportPdf } = await reportPdfModule();
  const branding = brandingForPdf(sqlite);
  const bytes = await renderReportPdf(statementReport(statement(sqlite, accountId, asOf), branding), branding, await pdfFonts());
  const safe = accountId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'account';
  return { file_name: `statement_${safe}_${asOf}.pdf`, base64: Buffer.from(bytes).toString('base64') };
}
