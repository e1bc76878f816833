/**
 * Receivables on the command line (receivables.md): `billing aging`,
 * `billing league`, `billing statement` and `billing payments`. All read
 * only: allocation is recomputed from the book on every call.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isPeriod, isValidDate } from '../../shared/period';
import { makeFolder } from '../engine/make-folder';
import { brandingForPdf, pdfFonts } from '../engine/export/stored-invoice-pdf';
import { aging } from '../engine/receivables/aging';
import { defaultPeriod, leagueCsv, leagueReport, leagueReportDocument } from '../engine/receivables/league-report';
import { loadLedger } from '../engine/receivables/ledger';
import { accountView } from '../engine/receivables/receivables-views';
import { NotFoundError } from '../engine/errors';
import { openBalanceRegister, openBalanceRegisterCsv } from '../engine/receivables/open-balance';
import { reportPdfModule } from '../engine/receivables/report-renderer';
import { statement, statementReport } from '../engine/receivables/statement';
import { paymentJson, unappliedPayments } from '../engine/receivables/unapplied-payments';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';

function day(value: string): string {
  if (!isValidDate(value)) throw new UsageError(`"${value}" is not a date; expected YYYY-MM-DD.`);
  return value;
}

function periodArg(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

const today = () => new Date().toISOString().slice(0, 10);

function writeOut(file: string, bytes: Uint8Array | string): void {
  const path = resolve(file);
  makeFolder(dirname(path));
  writeFileSync(path, bytes);
}

export function addReceivablesCommands(program: Command, deps: CliDeps): void {
  program
    .command('aging')
    .description('open balances of finalized invoices per account and currency, by days overdue (current, 1-30, 31-60, 61-90, 90+)')
    .option('--as-of <YYYY-MM-DD>', 'the day to age on (default: today)', day)
    .option('--json', 'print JSON')
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const rows = await deps.readDatabase((opened) => aging(opened.sqlite, opts.asOf ?? today()));
      if (opts.json) return printJson(rows);
      for (const r of rows) {
        console.log(`${r.account_id}\t${r.currency}\tcurrent ${r.current}\t1-30 ${r['1-30']}\t31-60 ${r['31-60']}\t61-90 ${r['61-90']}\t90+ ${r['90+']}\ttotal ${r.total}${r.in_dispute ? '\tin dispute' : ''}`);
      }
      if (rows.length === 0) console.log('Nothing is open.');
    });

  program
    .command('league')
    .description("the owners' league table with their customers' credit performance (in debt, in dispute, overdue, days to pay)")
    .option('--as-of <YYYY-MM-DD>', 'the day (default: today)', day)
    .option('--period <YYYY-MM>', "add the period's invoices, error share and adjustments (default for --csv/--pdf: the latest rated period)", periodArg)
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write the table as CSV (period and as-of day on every row)')
    .option('--pdf <file>', 'write the table as a printable PDF')
    .action(async (opts: { asOf?: string; period?: string; json?: boolean; csv?: string; pdf?: string }) => {
      const asOf = opts.asOf ?? today();
      const wantsFiles = opts.csv !== undefined || opts.pdf !== undefined;
      const { report, branding } = await deps.readDatabase((opened) => {
        const period = opts.period ?? (wantsFiles || !opts.json ? defaultPeriod(opened.sqlite, asOf) : null);
        return { report: leagueReport(opened.sqlite, asOf, period), branding: brandingForPdf(opened.sqlite) };
      });
      if (opts.csv !== undefined) writeOut(opts.csv, leagueCsv(report));
      if (opts.pdf !== undefined) writeOut(opts.pdf, await (await reportPdfModule()).renderReportPdf(leagueReportDocument(report), branding, await pdfFonts()));
      if (opts.json) {
        // The shape of receivables.md; the period's columns only when a period was asked for.
        return printJson(
          report.rows.map((r) => ({
            owner: r.owner, customers: r.customers, in_debt: r.in_debt, in_dispute: r.in_dispute, debt_share: r.debt_share, dispute_share: r.dispute_share,
            overdue: r.overdue, avg_days_to_pay: r.avg_days_to_pay,
            ...(opts.period ? { invoices: r.invoices, error_share: r.error_share, adjustments: r.adjustments, open_queries: r.open_queries, median_days_to_answer: r.median_days_to_answer } : {}),
          })),
        );
      }
      if (wantsFiles) {
        for (const f of [opts.csv, opts.pdf]) if (f !== undefined) console.log(`Wrote ${f}.`);
        return;
      }
      console.log(`League table as of ${asOf}${report.period ? ` (errors and adjustments of ${report.period})` : ''}:`);
      for (const r of report.rows) {
        const overdue = r.overdue.map((o) => `${o.currency} ${o.amount}`).join(', ') || '-';
        console.log(`${r.owner ?? '(no owner)'}\t${r.customers} customers\tdebt ${r.debt_share}%\tdispute ${r.dispute_share}%\toverdue ${overdue}\tdays to pay ${r.avg_days_to_pay ?? '-'}\terrors ${r.error_share}%`);
      }
    });

  program
    .command('statement')
    .description("write a customer's statement as a PDF: open items with days overdue, payments and credits since the last zero balance, balance per currency")
    .argument('<account>', 'account id')
    .option('--as-of <YYYY-MM-DD>', 'statement date (default: today)', day)
    .option('--out <file>', 'where to write the PDF (required unless --json)')
    .option('--json', 'print the statement as JSON instead')
    .action(async (account: string, opts: { asOf?: string; out?: string; json?: boolean }) => {
      const asOf = opts.asOf ?? today();
      if (!opts.json && opts.out === undefined) throw new UsageError('billing statement needs --out FILE.pdf (or --json).');
      const { s, branding } = await deps.readDatabase((opened) => ({ s: statement(opened.sqlite, account, asOf), branding: brandingForPdf(opened.sqlite) }));
      if (opts.out !== undefined) {
        const bytes = await (await reportPdfModule()).renderReportPdf(statementReport(s, branding), branding, await pdfFonts());
        writeOut(opts.out, bytes);
        if (!opts.json) console.log(`Wrote ${opts.out} (${bytes.length} bytes).`);
      }
      if (opts.json) printJson(s);
    });

  program
    .command('payments')
    .description('payments and how each was applied; --unapplied: the payments or parts left unapplied, with why')
    .option('--unapplied', 'only payments with an unapplied part (unapplied credit, unknown account, foreign currency)')
    .option('--json', 'print JSON')
    .action(async (opts: { unapplied?: boolean; json?: boolean }) => {
      const rows = await deps.readDatabase((opened) => {
        const ledger = loadLedger(opened.sqlite);
        return opts.unapplied ? unappliedPayments(ledger) : ledger.payments.map(paymentJson);
      });
      if (opts.json) return printJson(rows);
      for (const p of rows) {
        const applied = p.applied.map((a) => `${a.invoice_number} ${a.amount}`).join(', ') || '-';
        console.log(`${p.payment_id}\t${p.date}\t${p.account_id}\t${p.currency} ${p.amount}\tapplied ${applied}\tunapplied ${p.unapplied}${p.why ? `\t${p.why}` : ''}`);
      }
    });

  program
    .command('register')
    .description("the period's finalized invoices with what was credited and paid and each one's open balance as of a day")
    .requiredOption('--period <YYYY-MM>', 'billing period', periodArg)
    .option('--as-of <YYYY-MM-DD>', 'the day of the open balances (default: today)', day)
    .option('--out <file>', 'write the register as CSV (formula-safe; the period and the day on every row)')
    .option('--json', 'print JSON')
    .action(async (opts: { period: string; asOf?: string; out?: string; json?: boolean }) => {
      const asOf = opts.asOf ?? today();
      const rows = await deps.readDatabase((opened) => openBalanceRegister(opened.sqlite, opts.period, asOf));
      if (opts.out !== undefined) writeOut(opts.out, openBalanceRegisterCsv(rows, opts.period, asOf));
      if (opts.json) return printJson(rows);
      if (opts.out !== undefined) return console.log(`Wrote ${opts.out} (${rows.length} invoices).`);
      for (const r of rows) console.log(`${r.invoice_number}\t${r.account_id}\t${r.currency} ${r.amount_due}\tcredited ${r.credited}\tpaid ${r.paid}\topen ${r.open_balance}\t${r.days_overdue} days overdue${r.in_dispute ? '\tin dispute' : ''}`);
      if (rows.length === 0) console.log(`No finalized invoice of ${opts.period} was issued by ${asOf}.`);
    });

  program
    .command('account')
    .description("an account's receivables as of a day: each finalized invoice with the payments and credit notes applied to it, and each payment with the invoices it went to")
    .argument('<account>', 'account id')
    .option('--as-of <YYYY-MM-DD>', 'the day (default: today)', day)
    .option('--json', 'print JSON')
    .action(async (account: string, opts: { asOf?: string; json?: boolean }) => {
      const asOf = opts.asOf ?? today();
      const view = await deps.readDatabase((opened) => {
        if (opened.sqlite.prepare('SELECT 1 FROM accounts WHERE id = ?').get(account) === undefined) throw new NotFoundError(`There is no account ${account}.`);
        return accountView(opened.sqlite, account, asOf);
      });
      if (opts.json) return printJson(view);
      for (const i of view.items) {
        console.log(`${i.invoice_number}\t${i.currency} ${i.amount_due}\topen ${i.open_balance}\t${i.days_overdue} days overdue${i.in_dispute ? '\tin dispute' : ''}`);
        for (const c of i.credits) console.log(`  ${c.date}\tcredit note ${c.number}\t${c.amount}`);
        for (const a of i.allocations) console.log(`  ${a.date}\tpayment ${a.payment_id}\t${a.amount}\t${a.rule}`);
      }
      for (const p of view.payments) console.log(`${p.payment_id}\t${p.date}\t${p.currency} ${p.amount}\tapplied ${p.applied.map((a) => `${a.invoice_number} ${a.amount}`).join(', ') || '-'}\tunapplied ${p.unapplied}`);
    });
}
