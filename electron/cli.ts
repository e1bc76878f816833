#!/usr/bin/env node
/**
 * The `billing` command line: the same engine as the desktop app, headless,
 * on a database file. Results go to stdout; failures exit non-zero with one
 * line on stderr.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IMPORT_KINDS, type ImportKind } from '../shared/api';
import { isPeriod, isValidDate } from '../shared/period';
import { openDatabase, openForReading, type Opened } from '../db/open';
import { addImportCommands, printImportResults } from './cli/import-commands';
import { registerMaintenanceCommands } from './cli/maintenance-commands';
import { fail, printJson, terminalProgress, usageLine, UsageError } from './cli/output';
import { addRuleCommands } from './cli/rule-commands';
import { generateDemo } from './engine/demo/generate-demo';
import { createCreditNote, creditableLines } from './engine/export/credit-note';
import { exportPeriod } from './engine/export/export-period';
import { renderStoredInvoicePdf } from './engine/export/stored-invoice-pdf';
import { ImportFileError } from './engine/import/import-errors';
import { importFiles } from './engine/import/import-files';
import { makeFolder } from './engine/make-folder';
import { createJobContext } from './engine/jobs/job-context';
import { defaultDatabasePath, operatingSystemUser } from './engine/paths';
import { ratePeriod } from './engine/rating/rate-period';
import { approveInvoices } from './engine/review/approve';
import { periodInvoicesJson } from './engine/review/invoice-queries';
import { reconcilePeriod } from './engine/review/reconciliation';
import { listAnomalies } from './engine/review/status';
import { numbering } from './engine/settings/numbering';
import { branding } from './engine/settings/settings';
import { logoBase64, updateBranding, updateNumbering, type BrandingPatch } from './engine/settings/update-settings';

const program = new Command('billing')
  .description('Billing Reviewer: import usage, hours and agreements, rate draft invoices, review and export them.')
  .option('--db <path>', 'database file (default: the app database in your user data folder)')
  .option('--as <name>', 'who is acting, recorded in the audit trail (default: the operating-system user)')
  // Commander's own usage errors (unknown option, missing argument, bad choice…) in our one-line form; subcommands inherit it.
  .configureOutput({ outputError: (message, write) => write(usageLine(message)) })
  .exitOverride();

interface Globals {
  db?: string;
  as?: string;
}

function globals(): { dbPath: string; actor: string } {
  const g = program.opts<Globals>();
  return { dbPath: resolve(g.db ?? defaultDatabasePath()), actor: g.as ?? operatingSystemUser() };
}

/** For commands that write: opens the book, creating it (and its folder) if there is none yet. */
function withDatabase<T>(work: (opened: Opened, actor: string) => Promise<T> | T): Promise<T> {
  const { dbPath, actor } = globals();
  return using(openDatabase(dbPath), actor, work);
}

/** For commands that only read: the book must exist, and is opened read-only (see openForReading). */
function readDatabase<T>(work: (opened: Opened, actor: string) => Promise<T> | T): Promise<T> {
  const { dbPath, actor } = globals();
  return using(openForReading(dbPath), actor, work);
}

function using<T>(opened: Opened, actor: string, work: (opened: Opened, actor: string) => Promise<T> | T): Promise<T> {
  return Promise.resolve()
    .then(() => work(opened, actor))
    .finally(() => opened.close());
}

function period(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

function context(actor: string) {
  const onProgress = terminalProgress();
  return createJobContext({ actor, ...(onProgress ? { onProgress } : {}) });
}

program
  .command('import')
  .description('import usage, hours or agreement files (kind guessed from the header when not given)')
  .argument('<files...>', 'CSV, NDJSON (.ndjson/.jsonl) or JSON files')
  .addOption(new Option('--kind <kind>', 'what the files hold').choices(IMPORT_KINDS))
  .option('--profile <name>', 'import profile mapping another system’s columns')
  .option('--json', 'print a JSON array with one object per file (with its notes)')
  .action(async (files: string[], opts: { kind?: ImportKind; profile?: string; json?: boolean }) => {
    const { files: results, refused, rerated } = await withDatabase((opened, actor) =>
      importFiles(opened.sqlite, { files: files.map((f) => ({ path: resolve(f), name: f })), ...opts }, context(actor)),
    );
    printImportResults({ files: results, refused, rerated }, opts.json ?? false);
    // The other files were imported and committed; the refused ones still make the command fail, with their reasons.
    if (refused.length) {
      const others = results.length === 1 ? 'The other file was imported.' : `The other ${results.length} files were imported.`;
      fail(new ImportFileError(`${refused.map((r) => r.reason).join(' ')} ${others}`));
    }
  });

addImportCommands(program, { withDatabase, readDatabase, context });
addRuleCommands(program, { withDatabase, readDatabase, context });

program
  .command('rate')
  .description('rate every agreement active in the period into draft invoices (approved and finalized invoices are never touched)')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .action(async (opts: { period: string }) => {
    const result = await withDatabase((opened, actor) => ratePeriod(opened.sqlite, opts.period, context(actor)));
    console.log(`Rated ${result.period}: ${result.invoices} draft invoices, ${result.anomalies} anomalies, in ${result.durationMs} ms.`);
  });

program
  .command('invoices')
  .description("print the period's invoices")
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--json', 'print JSON (the invoice shape of data-formats.md)')
  .action(async (opts: { period: string; json?: boolean }) => {
    const invoices = await readDatabase((opened) => periodInvoicesJson(opened.sqlite, opts.period));
    if (opts.json) return printJson(invoices);
    for (const i of invoices) console.log(`${i.invoice_id}\t${i.status}\t${i.account_id}\t${i.currency} ${i.total}`);
  });

program
  .command('anomalies')
  .description("print the period's anomalies")
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--json', 'print JSON')
  .action(async (opts: { period: string; json?: boolean }) => {
    const anomalies = await readDatabase((opened) => listAnomalies(opened.sqlite, opts.period));
    if (opts.json) return printJson(anomalies);
    for (const a of anomalies) console.log(`${a.severity}\t${a.rule}\t${a.message}`);
  });

program
  .command('reconcile')
  .description('account for every row of the period: billed, unbilled (and the anomaly that explains it) or rejected')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--json', 'print JSON')
  .action(async (opts: { period: string; json?: boolean }) => {
    const r = await readDatabase((opened) => reconcilePeriod(opened.sqlite, opts.period));
    if (opts.json) return printJson(r);
    console.log(`Usage: ${r.usage.billed} billed + ${r.usage.unbilled} unbilled = ${r.usage.rows} records (${r.usage.rejected} rejected on import).`);
    console.log(`Hours: ${r.hours.billed} billed + ${r.hours.unbilled} unbilled + ${r.hours.non_billable} non-billable = ${r.hours.entries} entries (${r.hours.rejected} rejected on import).`);
    for (const g of r.usage.unbilled_groups) console.log(`unbilled\t${g.account_id}\t${g.metric}\t${g.rows} rows\t${g.rule ?? 'no anomaly explains it'}`);
    for (const g of r.hours.unbilled_groups) console.log(`unbilled\t${g.account_id}\t${g.kind}\t${g.entries} entries\t${g.rule ?? 'no anomaly explains it'}`);
    console.log(r.in_order ? 'Every row is accounted for.' : r.balanced ? `${r.unexplained} unbilled ${r.unexplained === 1 ? 'row is' : 'rows are'} not explained by any anomaly.` : 'Something does not add up.');
  });

program
  .command('approve')
  .description('approve draft invoices; an open error anomaly needs --override with a reason')
  .argument('<invoiceIds...>', 'invoice ids')
  .option('--override <reason>', 'approve despite open error anomalies, recording this reason')
  .action(async (ids: string[], opts: { override?: string }) => {
    const outcomes = await withDatabase((opened, actor) => approveInvoices(opened.sqlite, ids, actor, opts.override));
    for (const o of outcomes) console.log(`Approved ${o.invoice_id}${o.overridden ? ' (override recorded)' : ''}.`);
  });

program
  .command('export')
  .description('finalize every approved invoice of the period (numbered, immutable) and write its PDF, plus the invoice register and journal CSVs')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .requiredOption('--out <dir>', 'folder to write the PDFs and CSVs into')
  .option('--issue-date <YYYY-MM-DD>', 'issue date printed on the invoices (default: today)')
  .action(async (opts: { period: string; out: string; issueDate?: string }) => {
    if (opts.issueDate !== undefined && !isValidDate(opts.issueDate)) throw new UsageError(`"${opts.issueDate}" is not a date; expected YYYY-MM-DD.`);
    const result = await withDatabase((opened, actor) =>
      exportPeriod(opened.sqlite, { period: opts.period, outDir: opts.out, ...(opts.issueDate ? { issueDate: opts.issueDate } : {}) }, context(actor)),
    );
    const fresh = result.invoices.filter((i) => i.newly_finalized).length;
    const credits = result.invoices.filter((i) => i.document_type === 'credit_note').length;
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const documents = `${count(result.invoices.length - credits, 'invoice')}${credits ? ` and ${count(credits, 'credit note')}` : ''}`;
    console.log(`Exported ${documents} of ${result.period} (${fresh} newly finalized) to ${result.outDir}.`);
    console.log(`  register: ${result.register}`);
    console.log(`  journal:  ${result.journal}`);
  });

program
  .command('credit-note')
  .description('create a draft credit note for a finalized invoice (the whole invoice, or chosen lines); `billing export` of its period numbers and finalizes it')
  .argument('<invoiceId>', 'invoice id (AG-1001@2026-10) or invoice number (INV-2026-000001)')
  .option('--reason <text>', 'why the invoice is credited (printed on the credit note, recorded in the audit trail)')
  .option('--lines <ids>', 'comma-separated line ids to credit (default: the whole invoice); see --list-lines')
  .option('--list-lines', "list the invoice's line ids and whether each is already credited, and create nothing")
  .option('--json', 'print the credit note as invoice JSON')
  .action(async (invoiceId: string, opts: { reason?: string; lines?: string; listLines?: boolean; json?: boolean }) => {
    if (opts.listLines) {
      const listing = await readDatabase((opened) => creditableLines(opened.sqlite, invoiceId));
      if (opts.json) return printJson(listing);
      for (const l of listing.lines) console.log(`${l.line_id}\t${l.kind}\t${listing.currency} ${l.amount}\t${l.description}${l.credited_by ? `\t(credited by ${l.credited_by})` : ''}`);
      return;
    }
    if (!opts.reason?.trim()) throw new UsageError('A credit note needs --reason TEXT.');
    let lines: number[] | 'all' = 'all';
    if (opts.lines !== undefined) {
      const parts = opts.lines.split(',').map((p) => p.trim()).filter((p) => p !== '');
      if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--lines takes line ids separated by commas (e.g. --lines 12,15), not "${opts.lines}".`);
      lines = parts.map(Number);
    }
    const reason = opts.reason;
    const result = await withDatabase((opened, actor) => createCreditNote(opened.sqlite, { invoiceId, reason, lines, actor }));
    if (opts.json) return printJson(result.invoice);
    const inv = result.invoice;
    console.log(`Created draft credit note ${result.credit_note_id} crediting ${result.credits_invoice_number} (${inv.currency} ${inv.total}); export period ${inv.period} to number and finalize it.`);
  });

const settingsCommand = program.command('settings').description('show or change the branding and numbering printed on invoices');

settingsCommand
  .command('branding')
  .description('print the branding, or change the given fields (audited)')
  .option('--company-name <text>', 'company name')
  .option('--address <text>', 'postal address (use \\n or real newlines between lines)')
  .option('--logo <file>', 'logo image, PNG or JPEG, at most 1 MB')
  .option('--remove-logo', 'print no logo')
  .option('--accent <#RRGGBB>', 'accent colour')
  .option('--payment-instructions <text>', 'payment instructions printed under the totals')
  .option('--footer <text>', 'footer line(s)')
  .option('--tax-label <text>', 'label of the tax row, e.g. VAT')
  .option('--json', 'print JSON')
  .action(async (opts: { companyName?: string; address?: string; logo?: string; removeLogo?: boolean; accent?: string; paymentInstructions?: string; footer?: string; taxLabel?: string; json?: boolean }) => {
    if (opts.logo !== undefined && opts.removeLogo) throw new UsageError('Give either --logo FILE or --remove-logo, not both.');
    const multiline = (text: string | undefined) => text?.replace(/\\n/g, '\n');
    const patch: BrandingPatch = {
      ...(opts.companyName !== undefined ? { company_name: opts.companyName } : {}),
      ...(opts.address !== undefined ? { company_address: multiline(opts.address) } : {}),
      ...(opts.logo !== undefined ? { logo_base64: logoBase64(readFileSync(resolve(opts.logo)), opts.logo) } : {}),
      ...(opts.removeLogo ? { logo_base64: null } : {}),
      ...(opts.accent !== undefined ? { accent_color: opts.accent } : {}),
      ...(opts.paymentInstructions !== undefined ? { payment_instructions: multiline(opts.paymentInstructions) } : {}),
      ...(opts.footer !== undefined ? { footer: multiline(opts.footer) } : {}),
      ...(opts.taxLabel !== undefined ? { tax_label: opts.taxLabel } : {}),
    };
    const result = Object.keys(patch).length ? await withDatabase((opened, actor) => updateBranding(opened.sqlite, patch, actor)) : await readDatabase((opened) => branding(opened.sqlite));
    const shown = { ...result, logo_base64: undefined, logo: result.logo_base64 ? `${Math.round((result.logo_base64.length * 3) / 4)} bytes` : null };
    if (opts.json) return printJson(shown);
    for (const [key, value] of Object.entries(shown)) if (value !== undefined) console.log(`${key}: ${String(value).replaceAll('\n', ' | ')}`);
  });

settingsCommand
  .command('numbering')
  .description('print the invoice and credit-note number formats, or change them (audited); placeholders {YYYY}, {MM}, {SEQ} or {SEQ:n}')
  .option('--invoice-format <format>', 'e.g. INV-{YYYY}-{SEQ:6}')
  .option('--credit-note-format <format>', 'e.g. CN-{YYYY}-{SEQ:6}')
  .option('--json', 'print JSON')
  .action(async (opts: { invoiceFormat?: string; creditNoteFormat?: string; json?: boolean }) => {
    const patch = {
      ...(opts.invoiceFormat !== undefined ? { invoice_format: opts.invoiceFormat } : {}),
      ...(opts.creditNoteFormat !== undefined ? { credit_note_format: opts.creditNoteFormat } : {}),
    };
    const result = Object.keys(patch).length ? await withDatabase((opened, actor) => updateNumbering(opened.sqlite, patch, actor)) : await readDatabase((opened) => numbering(opened.sqlite));
    if (opts.json) return printJson(result);
    console.log(`invoice_format: ${result.invoice_format}`);
    console.log(`credit_note_format: ${result.credit_note_format}`);
  });

program
  .command('pdf')
  .description("write one invoice's PDF from its stored figures (drafts carry a DRAFT watermark)")
  .argument('<invoiceId>', 'invoice id')
  .requiredOption('--out <file>', 'where to write the PDF')
  .action(async (invoiceId: string, opts: { out: string }) => {
    const { bytes } = await readDatabase((opened) => renderStoredInvoicePdf(opened.sqlite, invoiceId));
    makeFolder(dirname(resolve(opts.out)));
    writeFileSync(resolve(opts.out), bytes);
    console.log(`Wrote ${opts.out} (${bytes.length} bytes).`);
  });

program
  .command('demo')
  .description('write a realistic, seeded sample set of the three exports')
  .requiredOption('--out <dir>', 'folder to write agreements.json, usage.csv and hours.csv into')
  .option('--seed <n>', 'random seed (same seed, same files)', (v) => Number.parseInt(v, 10), 42)
  .option('--rows <n>', 'number of usage rows', (v) => Number.parseInt(v, 10), 100_000)
  .action(async (opts: { out: string; seed: number; rows: number }) => {
    if (!Number.isSafeInteger(opts.seed) || !Number.isSafeInteger(opts.rows) || opts.rows < 1) {
      throw new UsageError('--seed and --rows take whole numbers (rows at least 1).');
    }
    const result = await generateDemo({ outDir: resolve(opts.out), seed: opts.seed, rows: opts.rows });
    console.log(`Wrote ${result.agreements} agreements, ${result.usageRows} usage rows and ${result.hoursRows} time entries for ${result.periods[0]} to ${result.periods.at(-1)}:`);
    for (const f of result.files) console.log(`  ${f}`);
  });

registerMaintenanceCommands(program, globals);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander already printed help, the version, or its one-line usage message.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  fail(error);
});
