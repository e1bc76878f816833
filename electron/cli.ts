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
import { addAnomalySourceCommands } from './cli/anomaly-source-commands';
import { addControlCommands } from './cli/control-commands';
import { addImportCommands, importResultsJson, printImportResults } from './cli/import-commands';
import { addLedgerCommands } from './cli/ledger-commands';
import { registerMaintenanceCommands } from './cli/maintenance-commands';
import { fail, printJson, usageLine, UsageError } from './cli/output';
import { addRuleCommands } from './cli/rule-commands';
import { addRunCommands } from './cli/run-commands';
import { addReceivablesCommands } from './cli/receivables-commands';
import { addQueryCommands } from './cli/query-commands';
import { generateDemo } from './engine/demo/generate-demo';
import type { CommandArgs, CommandName, CommandResult } from './engine/commands/registry';
import { creditableLines } from './engine/credit-notes/credit-note';
import { exportSummary } from './engine/export/export-summary';
import { exportSummaryLines } from './cli/export-summary-text';
import { exportFormsLines } from './cli/export-forms-text';
import { eInvoiceDocumentModule, exportFormsModule } from './engine/export/renderers';
import { renderStoredInvoicePdf } from './engine/export/stored-invoice-pdf';
import { E_INVOICE_FORMS, type EInvoiceForm } from '../shared/domain';
import { ConflictError, ImportFileError } from './engine/errors';
import { makeFolder } from './engine/make-folder';
import { defaultDatabasePath, operatingSystemUser } from './engine/paths';
import { periodInvoicesJson } from './engine/review/invoice-queries';
import { withOpenBalances } from './engine/receivables/open-balance';
import { reconcilePeriod } from './engine/review/reconciliation';
import { listAnomalies } from './engine/review/status';
import { numbering } from './engine/settings/numbering';
import { branding } from './engine/settings/settings';
import { logoBase64, type BrandingPatch } from './engine/settings/update-settings';
import { previewInterruptible, runInterruptible } from './cli/engine-command';
import { printPreview } from './cli/impact-text';
import type { Previewed } from './engine/commands/run-command';

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

/** For commands that change data: the engine command, inline on the book (creating it if there is none); Ctrl-C cancels it. */
function run<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
  return withDatabase((opened, actor) => runInterruptible(opened.sqlite, actor, name, args));
}

/** `--preview`: the same engine command run and rolled back, with its impact (change-control.md). */
function preview<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Previewed<N>> {
  return withDatabase((opened, actor) => previewInterruptible(opened.sqlite, actor, name, args));
}

program
  .command('import')
  .description('import usage, hours, agreement, payment or dispute files (kind guessed from the header when not given)')
  .argument('<files...>', 'CSV, NDJSON (.ndjson/.jsonl) or JSON files')
  .addOption(new Option('--kind <kind>', 'what the files hold').choices(IMPORT_KINDS))
  .option('--profile <name>', 'import profile mapping another system’s columns')
  .option('--json', 'print a JSON array with one object per file (with its notes)')
  .option('--preview', 'import for real, show what would change (invoices, anomalies), then roll back: nothing is kept')
  .action(async (files: string[], opts: { kind?: ImportKind; profile?: string; json?: boolean; preview?: boolean }) => {
    const args = {
      files: files.map((f) => ({ path: resolve(f), name: f })),
      ...(opts.kind ? { kind: opts.kind } : {}),
      ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    };
    const previewed = opts.preview ? await preview('import.files', args) : undefined;
    const { files: results, refused, rerated } = previewed?.result ?? (await run('import.files', args));
    if (previewed) printPreview(previewed.impact, opts.json ?? false, { files: importResultsJson({ files: results, refused }) }, () => printImportResults({ files: results, refused, rerated }, false));
    else printImportResults({ files: results, refused, rerated }, opts.json ?? false);
    // The other files were imported and committed; the refused ones still make the command fail, with their reasons.
    if (refused.length) {
      const others = previewed
        ? `The other ${results.length === 1 ? 'file' : `${results.length} files`} would be imported.`
        : results.length === 1 ? 'The other file was imported.' : `The other ${results.length} files were imported.`;
      fail(new ImportFileError(`${refused.map((r) => r.reason).join(' ')} ${others}`));
    }
  });

addImportCommands(program, { readDatabase, run, preview });
addRuleCommands(program, { readDatabase, run, preview });
addRunCommands(program, { readDatabase });
addReceivablesCommands(program, { readDatabase, run, preview });
addQueryCommands(program, { readDatabase, run, preview });

program
  .command('rate')
  .description('rate every agreement active in the period into draft invoices (approved and finalized invoices are never touched)')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--preview', 'rate for real, show what would change (invoices, anomalies), then roll back: nothing is kept')
  .option('--json', 'with --preview: print the impact and the bill run as JSON')
  .action(async (opts: { period: string; preview?: boolean; json?: boolean }) => {
    if (opts.json && !opts.preview) throw new UsageError('--json goes with --preview.');
    const said = (result: CommandResult<'period.rate'>) =>
      `${result.period}: ${result.invoices} draft invoices, ${result.anomalies} anomalies, in ${result.durationMs} ms.` +
      (result.later_periods.length === 0 ? '' : ` Also re-rated ${result.later_periods.join(', ')}: their drafts follow it in a prepaid or commitment window.`);
    if (opts.preview) {
      const { result, impact } = await preview('period.rate', { period: opts.period });
      const { period: ratedPeriod, invoices, anomalies } = result;
      return printPreview(impact, opts.json ?? false, { period: ratedPeriod, invoices, anomalies }, () => console.log(`Would rate ${said(result)}`));
    }
    console.log(`Rated ${said(await run('period.rate', { period: opts.period }))}`);
  });

program
  .command('invoices')
  .description("print the period's invoices")
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--json', 'print JSON (the invoice shape of data-formats.md, plus open_balance of each finalized invoice)')
  .option('--as-of <YYYY-MM-DD>', 'the day of the open balances (default: today)')
  .action(async (opts: { period: string; json?: boolean; asOf?: string }) => {
    if (opts.asOf !== undefined && !isValidDate(opts.asOf)) throw new UsageError(`"${opts.asOf}" is not a date; expected YYYY-MM-DD.`);
    const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
    const invoices = await readDatabase((opened) => withOpenBalances(opened.sqlite, periodInvoicesJson(opened.sqlite, opts.period), asOf));
    if (opts.json) return printJson(invoices);
    for (const i of invoices) console.log(`${i.invoice_id}\t${i.status}\t${i.account_id}\t${i.currency} ${i.total}`);
  });

const anomaliesCommand = program
  .command('anomalies')
  .description("print the period's anomalies (\"billing anomalies sources ID\": the rows behind one)")
  // Checked in the action, not by commander: commander would demand it of the `sources` subcommand too.
  .option('--period <YYYY-MM>', 'billing period (required)', period)
  .option('--json', 'print JSON')
  .action(async (opts: { period?: string; json?: boolean }) => {
    const periodId = opts.period;
    if (!periodId) throw new UsageError(`Required option '--period <YYYY-MM>' not specified; run "billing --help" for usage.`);
    const anomalies = await readDatabase((opened) => listAnomalies(opened.sqlite, periodId));
    if (opts.json) return printJson(anomalies);
    for (const a of anomalies) console.log(`${a.severity}\t${a.rule}\t${a.message}`);
  });
addAnomalySourceCommands(anomaliesCommand, { readDatabase, run, preview });

program
  .command('reconcile')
  .description('account for every row of the period: billed, unbilled (and the anomaly that explains it) or rejected')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--json', 'print JSON')
  .action(async (opts: { period: string; json?: boolean }) => {
    const r = await readDatabase((opened) => reconcilePeriod(opened.sqlite, opts.period));
    if (opts.json) return printJson(r);
    const excluded = (n: number) => (n ? ` + ${n} excluded by reviewer` : '');
    console.log(`Usage: ${r.usage.billed} billed + ${r.usage.unbilled} unbilled${excluded(r.usage.excluded)} = ${r.usage.rows} records (${r.usage.rejected} rejected on import).`);
    const u = r.usage_rollups;
    if (u) console.log(`Usage rollups: ${u.billed} billed + ${u.unbilled} unbilled = ${u.rows} daily rollups standing for ${u.records} records (${u.rejected} rejected on import).`);
    console.log(`Hours: ${r.hours.billed} billed + ${r.hours.unbilled} unbilled${excluded(r.hours.excluded)} + ${r.hours.non_billable} non-billable = ${r.hours.entries} entries (${r.hours.rejected} rejected on import).`);
    for (const x of r.excluded_rows) console.log(`excluded by reviewer	${x.source_kind}:${x.source_id}	${x.account_id}	${x.item}	${x.quantity}	${x.actor}: ${x.reason}`);
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
    const outcomes = await run('invoices.approve', { invoiceIds: ids, ...(opts.override !== undefined ? { overrideReason: opts.override } : {}) });
    for (const o of outcomes) console.log(`Approved ${o.invoice_id}${o.overridden ? ' (override recorded)' : ''}.`);
  });

program
  .command('export')
  .description('finalize every approved invoice and credit note of the period (numbered, immutable) and write its PDF, plus the invoice register and journal CSVs; drafts stay drafts')
  .requiredOption('--period <YYYY-MM>', 'billing period', period)
  .option('--out <dir>', 'folder to write the PDFs and CSVs into (required unless --preview)')
  .option('--issue-date <YYYY-MM-DD>', 'issue date printed on the invoices (default: today)')
  .option('--preview', 'print what the export would finalize (counts and totals per currency, overridden errors, drafts left, the form each document goes out in) and change nothing')
  .option('--dry-run', 'the same as --preview')
  .option('--json', 'with --preview: print the summary as JSON')
  .action(async (opts: { period: string; out?: string; issueDate?: string; preview?: boolean; dryRun?: boolean; json?: boolean }) => {
    if (opts.issueDate !== undefined && !isValidDate(opts.issueDate)) throw new UsageError(`"${opts.issueDate}" is not a date; expected YYYY-MM-DD.`);
    if (opts.preview || opts.dryRun) {
      const { exportForms } = await exportFormsModule();
      const { summary, forms } = await withDatabase((opened) => ({ summary: exportSummary(opened.sqlite, opts.period), forms: exportForms(opened.sqlite, opts.period, opts.issueDate) }));
      if (opts.json) return printJson({ summary, forms });
      for (const line of [...exportSummaryLines(summary), ...exportFormsLines(forms)]) console.log(line);
      console.log('Preview only: nothing was finalized or written.');
      return;
    }
    if (opts.json) throw new UsageError('--json goes with --preview; the export itself prints its summary and the files it wrote.');
    if (opts.out === undefined) throw new UsageError('billing export needs --out DIR (or --preview to see what it would finalize).');
    const outDir = opts.out;
    const result = await run('export.period', { period: opts.period, outDir, ...(opts.issueDate ? { issueDate: opts.issueDate } : {}) });
    for (const line of exportSummaryLines(result.summary)) console.log(line);
    const fresh = result.invoices.filter((i) => i.newly_finalized).length;
    const credits = result.invoices.filter((i) => i.document_type === 'credit_note').length;
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const documents = `${count(result.invoices.length - credits, 'invoice')}${credits ? ` and ${count(credits, 'credit note')}` : ''}`;
    console.log(`Exported ${documents} of ${result.period} (${fresh} newly finalized) to ${result.outDir}.`);
    console.log(`  register: ${result.register}`);
    console.log(`  journal:  ${result.journal}`);
    for (const i of result.invoices) if (i.einvoice_form && i.newly_finalized) console.log(`  e-invoice ${i.invoice_number}: ${i.einvoice_form}${i.xml_file ? ` (${i.xml_file})` : ' (the PDF carries factur-x.xml)'}`);
    for (const refused of result.einvoice_refused) console.log(`  plain PDF only: ${refused}`);
    // Exported and committed; a document left out still makes the command fail, naming it.
    if (result.summary.blocked.length) fail(new ConflictError(`${result.summary.blocked.map((b) => b.reason).join(' ')} It was left approved; the rest of the period was exported.`));
  });

program
  .command('credit-note')
  .description(
    'create a draft credit note for a finalized invoice (the whole invoice, chosen lines, or an amount of one line); approve it with `billing approve CN_ID`, and `billing export` of its period numbers and finalizes it. `billing credit-note discard CN_ID --reason TEXT` discards a draft credit note',
  )
  .usage('<invoiceId> --reason TEXT [--lines IDS [--amount AMOUNT]] | discard <creditNoteId> --reason TEXT')
  // "discard" is a word of this command rather than a subcommand: the creation's options (--reason) would otherwise swallow the discard's.
  .argument('<invoiceId>', 'invoice id (AG-1001@2026-10) or invoice number (INV-2026-000001); or "discard"')
  .argument('[creditNoteId]', 'after "discard": the draft credit note to discard (AG-1001@2026-10/CN1)')
  .option('--reason <text>', 'why the invoice is credited (printed on the credit note, recorded in the audit trail), or why the credit note is discarded')
  .option('--lines <ids>', 'comma-separated line ids to credit (default: the whole invoice); see --list-lines')
  .option('--amount <amount>', 'credit this amount of the one line given with --lines (e.g. 12.34), never more than is left of it')
  .option('--list-lines', "list the invoice's line ids, how much of each is credited and what is left, and create nothing")
  .option('--json', 'print the credit note as invoice JSON')
  .action(async (invoiceId: string, creditNoteId: string | undefined, opts: { reason?: string; lines?: string; amount?: string; listLines?: boolean; json?: boolean }) => {
    if (invoiceId === 'discard') {
      if (creditNoteId === undefined) throw new UsageError('Name the credit note to discard: billing credit-note discard CN_ID --reason TEXT.');
      if (opts.lines !== undefined || opts.amount !== undefined || opts.listLines) throw new UsageError('Discarding a credit note takes only --reason TEXT.');
      const reason = opts.reason?.trim() ?? '';
      if (reason.length < 3) throw new UsageError('Discarding a credit note needs --reason TEXT (at least 3 characters).');
      const outcome = await run('creditNotes.discard', { creditNoteId, reason });
      console.log(`Discarded draft credit note ${outcome.credit_note_id}; what it credited of ${outcome.credits_invoice_id} can be credited again.`);
      return;
    }
    if (creditNoteId !== undefined) throw new UsageError(`Credit one invoice at a time; "${creditNoteId}" is one argument too many.`);
    if (opts.listLines) {
      const listing = await readDatabase((opened) => creditableLines(opened.sqlite, invoiceId));
      if (opts.json) return printJson(listing);
      for (const l of listing.lines) {
        const credited = l.credited_by ? `\t(${listing.currency} ${l.credited} credited by ${l.credited_by}; ${listing.currency} ${l.remaining} left)` : '';
        console.log(`${l.line_id}\t${l.kind}\t${listing.currency} ${l.amount}\t${l.description}${credited}`);
      }
      return;
    }
    if (!opts.reason?.trim()) throw new UsageError('A credit note needs --reason TEXT.');
    let lines: number[] | 'all' = 'all';
    if (opts.lines !== undefined) {
      const parts = opts.lines.split(',').map((p) => p.trim()).filter((p) => p !== '');
      if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--lines takes line ids separated by commas (e.g. --lines 12,15), not "${opts.lines}".`);
      lines = parts.map(Number);
    }
    if (opts.amount !== undefined && (lines === 'all' || lines.length !== 1)) throw new UsageError('--amount credits part of one line: give exactly one line id with --lines.');
    const reason = opts.reason;
    const amount = opts.amount;
    const result = await run('creditNotes.create', { invoiceId, reason, lines, ...(amount !== undefined ? { amount } : {}) });
    if (opts.json) return printJson(result.invoice);
    const inv = result.invoice;
    console.log(
      `Created draft credit note ${result.credit_note_id} crediting ${result.credits_invoice_number} (${inv.currency} ${inv.total}); approve it (billing approve ${result.credit_note_id}), then export period ${inv.period} to number and finalize it.`,
    );
  });

const settingsCommand = program.command('settings').description('show or change the branding and numbering printed on invoices, and the accounts of the journal files');

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
  .option('--tax-id <text>', 'your tax / VAT registration number, printed under your address ("" for none)')
  .option('--seller-country <CC>', 'your country, two-letter ISO 3166-1 code (e-invoices)')
  .option('--seller-vat-id <id>', 'your VAT identifier with its country prefix (e-invoices)')
  .option('--iban <iban>', 'the account customers pay to (e-invoices: SEPA credit transfer)')
  .option('--bic <bic>', 'the BIC of that account')
  .option('--seller-peppol-id <scheme:id>', 'your Peppol participant id, EAS scheme:identifier, e.g. 0088:4035811991021 (e-invoices: BT-34)')
  .option('--seller-contact-name <text>', 'contact person or department on e-invoices (BT-41; XRechnung needs it)')
  .option('--seller-contact-phone <text>', 'contact telephone on e-invoices (BT-42)')
  .option('--seller-contact-email <text>', 'contact email on e-invoices (BT-43)')
  .option('--json', 'print JSON')
  .action(async (opts: { companyName?: string; address?: string; logo?: string; removeLogo?: boolean; accent?: string; paymentInstructions?: string; footer?: string; taxLabel?: string; taxId?: string; sellerCountry?: string; sellerVatId?: string; iban?: string; bic?: string; sellerPeppolId?: string; sellerContactName?: string; sellerContactPhone?: string; sellerContactEmail?: string; json?: boolean }) => {
    if (opts.logo !== undefined && opts.removeLogo) throw new UsageError('Give either --logo FILE or --remove-logo, not both.');
    const multiline = (text: string | undefined) => text?.replace(/\\n/g, '\n');
    const patch: Omit<BrandingPatch, 'logo_base64'> = {
      ...(opts.companyName !== undefined ? { company_name: opts.companyName } : {}),
      ...(opts.address !== undefined ? { company_address: multiline(opts.address) } : {}),
      ...(opts.accent !== undefined ? { accent_color: opts.accent } : {}),
      ...(opts.paymentInstructions !== undefined ? { payment_instructions: multiline(opts.paymentInstructions) } : {}),
      ...(opts.footer !== undefined ? { footer: multiline(opts.footer) } : {}),
      ...(opts.taxLabel !== undefined ? { tax_label: opts.taxLabel } : {}),
      ...(opts.taxId !== undefined ? { tax_id: opts.taxId } : {}),
      ...(opts.sellerCountry !== undefined ? { seller_country: opts.sellerCountry } : {}),
      ...(opts.sellerVatId !== undefined ? { seller_vat_id: opts.sellerVatId } : {}),
      ...(opts.iban !== undefined ? { iban: opts.iban } : {}),
      ...(opts.bic !== undefined ? { bic: opts.bic } : {}),
      ...(opts.sellerPeppolId !== undefined ? { seller_peppol_id: opts.sellerPeppolId } : {}),
      ...(opts.sellerContactName !== undefined ? { seller_contact_name: opts.sellerContactName } : {}),
      ...(opts.sellerContactPhone !== undefined ? { seller_contact_phone: opts.sellerContactPhone } : {}),
      ...(opts.sellerContactEmail !== undefined ? { seller_contact_email: opts.sellerContactEmail } : {}),
    };
    const logo = opts.logo !== undefined ? logoBase64(readFileSync(resolve(opts.logo)), opts.logo) : opts.removeLogo ? null : undefined;
    if (Object.keys(patch).length || logo !== undefined) await run('settings.updateBranding', { branding: patch, ...(logo !== undefined ? { logo } : {}), numbering: {} });
    const result = await readDatabase((opened) => branding(opened.sqlite));
    const shown = { ...result, logo_base64: undefined, logo: result.logo_base64 ? `${Math.round((result.logo_base64.length * 3) / 4)} bytes` : null };
    if (opts.json) return printJson(shown);
    for (const [key, value] of Object.entries(shown)) if (value !== undefined) console.log(`${key}: ${String(value).replaceAll('\n', ' | ')}`);
  });

settingsCommand
  .command('numbering')
  .description('print the invoice and credit-note number formats, or change them (audited); placeholders {YYYY}, {MM}, {SEQ} or {SEQ:n}')
  .option('--invoice-format <format>', 'e.g. INV-{YYYY}-{SEQ:6}')
  .option('--credit-note-format <format>', 'e.g. CN-{YYYY}-{SEQ:6}')
  .option('--confirm', 'change a format even though numbers were already issued with it (they start a new sequence)')
  .option('--json', 'print JSON')
  .action(async (opts: { invoiceFormat?: string; creditNoteFormat?: string; confirm?: boolean; json?: boolean }) => {
    const patch = {
      ...(opts.invoiceFormat !== undefined ? { invoice_format: opts.invoiceFormat } : {}),
      ...(opts.creditNoteFormat !== undefined ? { credit_note_format: opts.creditNoteFormat } : {}),
    };
    if (Object.keys(patch).length) await run('settings.updateBranding', { branding: {}, numbering: patch, confirmNumberingChange: opts.confirm === true, howToConfirm: 'add --confirm' });
    const result = await readDatabase((opened) => numbering(opened.sqlite));
    if (opts.json) return printJson(result);
    console.log(`invoice_format: ${result.invoice_format}`);
    console.log(`credit_note_format: ${result.credit_note_format}`);
  });

program
  .command('einvoice')
  .description('write a finalized invoice or credit note as an e-invoice from its stored figures: facturx (PDF/A-3 with factur-x.xml), cii (CII XML; XRechnung for a Leitweg-ID with the seller contact and Peppol ids) or ubl (UBL 2.1; Peppol BIS 3.0 with both Peppol ids), validated first against the official CEN/TC 434 EN 16931 artifacts and the Peppol / XRechnung rules it claims (a fatal finding refuses it)')
  .argument('<documentNumber>', 'invoice or credit-note number (INV-2026-000001), or its id')
  .addOption(new Option('--format <format>', 'e-invoice form').choices(E_INVOICE_FORMS).makeOptionMandatory())
  .requiredOption('--out <file>', 'where to write it')
  .option('--json', 'print what was written as JSON')
  .action(async (documentNumber: string, opts: { format: EInvoiceForm; out: string; json?: boolean }) => {
    const { eInvoiceFile } = await eInvoiceDocumentModule();
    const { invoiceId, bytes, generated } = await readDatabase((opened) => eInvoiceFile(opened.sqlite, documentNumber, opts.format));
    const out = resolve(opts.out);
    makeFolder(dirname(out));
    writeFileSync(out, bytes);
    const e = generated.einvoice;
    if (opts.json) {
      return printJson({
        invoice_id: invoiceId, document_number: e.number, format: opts.format, file: out, bytes: bytes.length, type_code: e.type_code, currency: e.currency,
        vat_category: e.vat.category, grand_total: e.totals.tax_inclusive, amount_due: e.totals.due, findings: generated.findings,
        warnings: generated.warnings, rule_sets: generated.rule_sets, specification: e.specification_id, specification_note: e.specification_note,
      });
    }
    console.log(`Wrote ${e.number} as ${opts.format} to ${opts.out} (${bytes.length} bytes); it passes ${generated.rule_sets.join(', ')} with no fatal finding.`);
    if (e.specification_note) console.log(`  ${e.specification_note}`);
    for (const w of generated.warnings) console.log(`  warning ${w.rule}${w.field ? ` on ${w.field}` : ''}: ${w.message}`);
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

addControlCommands(program, { readDatabase, run, preview });
addLedgerCommands(program, { readDatabase, run, preview });
registerMaintenanceCommands(program, globals);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander already printed help, the version, or its one-line usage message.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  fail(error);
});
