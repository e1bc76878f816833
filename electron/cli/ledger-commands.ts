/**
 * Ledger files on the command line (e-invoicing.md "Ledger files"):
 * `billing journal --period P --format datev|xero|quickbooks --out FILE`
 * writes the period's journal in that system's import layout, and
 * `billing settings accounts` prints or changes the account mapping it uses
 * (an engine command, audited under `--as`).
 */
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isPeriod } from '../../shared/period';
import { ACCOUNT_ROLES, LEDGER_FORMATS, ledgerAccounts, REVENUE_KINDS, type AccountMap, type LedgerFormat } from '../engine/ledger/accounts';
import { FORMAT_NAME, journalFile } from '../engine/ledger/journal-file';
import { makeFolder } from '../engine/make-folder';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';

function periodArg(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

function currencyArg(value: string): string {
  if (!/^[A-Za-z]{3}$/.test(value)) throw new UsageError(`"${value}" is not a currency code; expected three letters such as EUR.`);
  return value.toUpperCase();
}

function wholeNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`"${value}" is not a whole number.`);
  return Number(value);
}

/** --receivables, --tax, --deposits, --discounts, --revenue-usage…: the option of each account role. */
const roleOption = (role: string) => `--${role.replace(/_/g, '-')}`;
const camel = (role: string) => role.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function printMapping(format: LedgerFormat, mapping: ReturnType<typeof ledgerAccounts>): void {
  console.log(`${FORMAT_NAME[format]}:`);
  if (format === 'datev') console.log(`  consultant_number: ${mapping.datev.consultant_number}\n  client_number: ${mapping.datev.client_number}`);
  if (format === 'xero') console.log(`  tax_rate: ${mapping.xero.tax_rate}`);
  for (const role of ACCOUNT_ROLES) console.log(`  ${role}: ${mapping[format].accounts[role]}`);
}

export function addLedgerCommands(program: Command, deps: CliDeps): void {
  program
    .command('journal')
    .description("write the period's finalized invoices and credit notes as a journal for DATEV (EXTF Buchungsstapel), Xero (manual journals) or QuickBooks Online (journal entries), accounts from `billing settings accounts`; every document balances")
    .requiredOption('--period <YYYY-MM>', 'billing period', periodArg)
    .addOption(new Option('--format <format>', 'the accounting system').choices(LEDGER_FORMATS).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .option('--currency <code>', 'only the documents in this currency (DATEV and Xero files hold one currency)', currencyArg)
    .option('--json', 'print what was written as JSON')
    .action(async (opts: { period: string; format: LedgerFormat; out: string; currency?: string; json?: boolean }) => {
      const file = await deps.readDatabase((opened) => journalFile(opened.sqlite, { period: opts.period, format: opts.format, ...(opts.currency ? { currency: opts.currency } : {}) }));
      const out = resolve(opts.out);
      makeFolder(dirname(out));
      writeFileSync(out, file.bytes);
      const { bytes: _bytes, ...summary } = file;
      if (opts.json) return printJson({ ...summary, file: out });
      const docs = `${file.documents} document${file.documents === 1 ? '' : 's'}`;
      console.log(`Wrote the ${FORMAT_NAME[file.format]} journal of ${file.period} (${docs}, ${file.lines} line${file.lines === 1 ? '' : 's'}, ${file.currencies.join(', ')}) to ${opts.out}.`);
      if (file.replaced.length) console.log(`Windows-1252 cannot hold every character of the texts of ${file.replaced.join(', ')}: their bookings name the customer by account id, or write "?" for such characters; numbers and amounts are intact.`);
    });

  const settings = program.commands.find((c) => c.name() === 'settings');
  if (!settings) throw new Error('the settings command must be registered before the ledger commands');
  const accounts = settings
    .command('accounts')
    .description('print the accounts the journal files use, or change them for one system (audited)')
    .addOption(new Option('--format <format>', 'the system whose mapping to change (or print)').choices(LEDGER_FORMATS))
    .option('--revenue <account>', 'the revenue account of every charge kind at once');
  for (const role of ACCOUNT_ROLES) accounts.option(`${roleOption(role)} <account>`, role.startsWith('revenue_') ? `revenue account for ${role.slice(8).replace(/_/g, '-')} lines` : `${role} account`);
  accounts
    .option('--consultant-number <n>', 'DATEV: Beraternummer', wholeNumber)
    .option('--client-number <n>', 'DATEV: Mandantennummer', wholeNumber)
    .option('--tax-rate <name>', "Xero: the tax rate name every line carries (tax is booked on its own account), e.g. 'Tax Exempt'")
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | number | boolean | undefined>) => {
      const format = opts['format'] as LedgerFormat | undefined;
      const patch: Partial<AccountMap> = {};
      if (typeof opts['revenue'] === 'string') for (const k of REVENUE_KINDS) patch[`revenue_${k}`] = opts['revenue'];
      for (const role of ACCOUNT_ROLES) if (typeof opts[camel(role)] === 'string') patch[role] = opts[camel(role)] as string;
      const consultant = opts['consultantNumber'] as number | undefined;
      const client = opts['clientNumber'] as number | undefined;
      const taxRate = opts['taxRate'] as string | undefined;
      const changing = Object.keys(patch).length > 0 || consultant !== undefined || client !== undefined || taxRate !== undefined;
      if (changing) {
        if (!format) throw new UsageError('Say which system the accounts are for: --format datev, xero or quickbooks.');
        await deps.run('settings.updateLedgerAccounts', {
          format, accounts: patch,
          ...(consultant !== undefined ? { consultant_number: consultant } : {}),
          ...(client !== undefined ? { client_number: client } : {}),
          ...(taxRate !== undefined ? { tax_rate: taxRate } : {}),
        });
      }
      const mapping = await deps.readDatabase((opened) => ledgerAccounts(opened.sqlite));
      if (opts['json']) return printJson(format ? mapping[format] : mapping);
      for (const f of format ? [format] : LEDGER_FORMATS) printMapping(f, mapping);
    });
}
