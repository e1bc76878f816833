/**
 * Finalizing and exporting a period: every approved invoice gets its number,
 * issue and due dates and its PDF, and becomes immutable; so does every
 * approved credit note of the period (numbered from the credit-note format;
 * it has no due date). Drafts, invoices and credit notes alike, stay drafts
 * until they are approved. Then the invoice register and the accounting
 * journal are written for the period, invoices first, then credit notes.
 *
 * Before anything is written, a document that cannot be finalized (a currency
 * that is not ISO 4217) refuses the whole export, naming it: nothing is
 * numbered, no file or folder is created. The result carries the bill-run
 * summary (export-summary.ts) as it stood when the export began.
 *
 * Crash safety: PDFs are first written under temporary names, the numbering and
 * finalizing happen in one transaction (a cancelled or failed export changes
 * nothing and leaves no gap in the sequence), and only after the commit are the
 * files moved to their final names. Re-running an export re-renders any missing
 * PDF of a finalized invoice from its stored figures: rendering is
 * deterministic, and the bytes are checked against the stored sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Sqlite } from '../../../db/open';
import type { ExportSummary } from '../../../shared/api';
import { parsePeriod } from '../../../shared/period';
import { ConflictError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import { bookProblemSentence, verifyBook } from '../audit/verify-book';
import { toCsv } from '../import/csv-safe';
import type { JobContext } from '../job-context';
import { inTransaction } from '../transaction';
import { makeFolder } from '../make-folder';
import { nextDocumentNumber, numbering } from '../settings/numbering';
import { invoicePdfFileName } from './file-name';
import { datesWhenIssued, todayUtc } from '../review/document-dates';
import { partialFileName, removePartials, removeStalePartials } from './partial-files';
import { journalRows, JOURNAL_HEADER } from './journal';
import { exportSummary } from './export-summary';
import { brandingForPdf, invoiceDocument, issuedPdf, pdfFonts } from './stored-invoice-pdf';
import { renderInvoicePdf } from './invoice-pdf';
import type { EInvoiceForm } from '../../../shared/domain';
import { EInvoiceError, PRECHECK_NUMBER, type GeneratedEInvoice } from '../einvoice';
import { facturxPdf } from '../einvoice/facturx';
import { currencyRefusal } from '../einvoice/model';
import { agreementTerms, eInvoiceOf, issuedForm } from './einvoice-document';

export interface ExportRequest {
  period: string;
  outDir: string;
  /** defaults to today (UTC) */
  issueDate?: string;
}

export interface ExportedInvoice {
  invoice_id: string;
  invoice_number: string;
  document_type: 'invoice' | 'credit_note';
  file: string;
  newly_finalized: boolean;
  /** the e-invoice form it was issued in (null: a plain PDF) and, for cii/ubl, the XML file beside the PDF */
  einvoice_form: EInvoiceForm | null;
  xml_file: string | null;
}

export interface ExportResult {
  period: string;
  outDir: string;
  invoices: ExportedInvoice[];
  register: string;
  journal: string;
  /** what the export was about to do when it began: counts, totals, overrides, drafts left */
  summary: ExportSummary;
  /** documents whose agreement asks for an e-invoice their currency cannot express: issued as plain PDFs, with the sentence why */
  einvoice_refused: string[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A path inside the chosen folder; a file name can never climb out of it. */
function inside(outDir: string, fileName: string): string {
  const path = resolve(outDir, fileName);
  if (!path.startsWith(resolve(outDir) + sep)) throw new Error(`refusing to write ${fileName} outside the export folder`);
  return path;
}

interface FinalizedRow {
  id: string;
  invoice_number: string;
  pdf_sha256: string;
  document_type: 'invoice' | 'credit_note';
}

/** Invoices first, then credit notes; each in number order. */
const DOCUMENT_ORDER = "CASE i.document_type WHEN 'invoice' THEN 0 ELSE 1 END, i.invoice_number";

/**
 * An export whose database part is done (finalized, numbered, documents kept)
 * and whose PDFs wait as hidden partial files: `writeExportFiles` puts them in
 * place once the transaction committed, `removePartials` (partial-files.ts) removes them when it did not.
 */
export interface PendingExport {
  period: string;
  outDir: string;
  summary: ExportSummary;
  /** invoice id → its partial PDF, written before the commit */
  temporary: Map<string, string>;
  fonts: Awaited<ReturnType<typeof pdfFonts>>;
  branding: ReturnType<typeof brandingForPdf>;
  einvoiceRefused: string[];
}

/** Finalize, number and render inside a transaction (a savepoint when a command opened one); no file is in place yet. */
export async function finalizeExport(sqlite: Sqlite, request: ExportRequest, ctx: JobContext): Promise<PendingExport> {
  const period = parsePeriod(request.period).id;
  const outDir = resolve(request.outDir);
  // A book whose schema, audit chain or issued documents fail their check would put wrong figures in the register.
  const verification = verifyBook(sqlite);
  if (!verification.intact) throw new ConflictError(bookProblemSentence(verification, `The period ${period} cannot be exported`));
  const summary = exportSummary(sqlite, period);
  // A document that cannot be sent (its currency is not ISO 4217) is left approved and unnumbered, and said so;
  // the rest of the period is finalized, so one bad agreement never holds up every other customer's invoice.
  const blocked = new Set(summary.blocked.map((b) => b.invoice_id));
  makeFolder(outDir);
  // A crash between writing and renaming leaves hidden partial PDFs behind; the next export of the folder clears them.
  removeStalePartials(outDir);
  const issueDate = request.issueDate ?? todayUtc();
  const fonts = await pdfFonts();
  const branding = brandingForPdf(sqlite);
  // Approved documents only: a draft invoice or credit note waits for its approval.
  const approved = sqlite
    .prepare(
      `SELECT i.id, i.document_type, a.payment_terms_days AS terms FROM invoices i JOIN agreements a ON a.id = i.agreement_id
       WHERE i.period = ? AND i.status = 'approved'
       ORDER BY CASE i.document_type WHEN 'invoice' THEN 0 ELSE 1 END, i.account_id, i.agreement_id, i.id`,
    )
    .all(period)
    .filter((d) => !blocked.has((d as { id: string }).id)) as { id: string; document_type: 'invoice' | 'credit_note'; terms: number }[];
  // E-invoices (e-invoicing.md): each document of an agreement with e_invoice set is built and validated before
  // anything is numbered; one that fails is left approved and named, like a blocked currency. A currency with
  // three decimals is refused for e-invoicing only: that document is issued as a plain PDF.
  const forms = new Map<string, EInvoiceForm>();
  // Each document's validation under PRECHECK_NUMBER, with the issue and due dates it will have: finalizing reuses it
  // when the numbered XML differs in BT-1 alone (the official rules take 30-90 ms a document; they run once).
  const prechecked = new Map<string, GeneratedEInvoice>();
  const plainOnly: string[] = [];
  for (const d of [...approved]) {
    const form = agreementTerms(sqlite, d.id).e_invoice ?? null;
    if (form === null) continue;
    const doc = invoiceDocument(sqlite, d.id);
    const refusal = currencyRefusal(doc.invoice.currency);
    if (refusal) {
      plainOnly.push(`${d.id}: ${refusal}`);
      continue;
    }
    try {
      const dueDate = datesWhenIssued(issueDate, d.terms, d.document_type).due_date ?? issueDate;
      const pending = { ...doc, invoice: { ...doc.invoice, invoice_number: PRECHECK_NUMBER, status: 'finalized' as const }, issue_date: issueDate, due_date: dueDate, draft: false };
      prechecked.set(d.id, eInvoiceOf(sqlite, d.id, form, pending));
      forms.set(d.id, form);
    } catch (error) {
      if (!(error instanceof EInvoiceError)) throw error;
      summary.blocked.push({ invoice_id: d.id, document_type: d.document_type, currency: doc.invoice.currency, reason: error.message.replace(PRECHECK_NUMBER, d.id) });
      approved.splice(approved.indexOf(d), 1);
    }
  }
  const temporary = new Map<string, string>();

  try {
    await inTransaction(sqlite, async () => {
      const formats = numbering(sqlite);
      const finalize = sqlite.prepare(
        "UPDATE invoices SET status = 'finalized', invoice_number = ?, issue_date = ?, due_date = ?, finalized_at = ?, pdf_sha256 = ? WHERE id = ? AND status <> 'finalized'",
      );
      const keep = sqlite.prepare('INSERT INTO invoice_documents (invoice_id, pdf, sha256, einvoice_form, einvoice_xml) VALUES (?, ?, ?, ?, ?)');
      for (const [index, invoice] of approved.entries()) {
        ctx.checkCancelled();
        ctx.progress('Finalizing invoices', index, approved.length);
        const credit = invoice.document_type === 'credit_note';
        const number = nextDocumentNumber(sqlite, credit ? formats.credit_note_format : formats.invoice_format, issueDate);
        // A credit note asks for no payment: no due date is stored (its document's is the issue date, not printed).
        const dueDate = datesWhenIssued(issueDate, invoice.terms, invoice.document_type).due_date;
        const doc = invoiceDocument(sqlite, invoice.id);
        const finalDoc = { ...doc, invoice: { ...doc.invoice, invoice_number: number, status: 'finalized' as const }, issue_date: issueDate, due_date: dueDate ?? issueDate, draft: false };
        const form = forms.get(invoice.id) ?? null;
        const einvoice = form === null ? null : eInvoiceOf(sqlite, invoice.id, form, finalDoc, prechecked.get(invoice.id));
        const rendered = await renderInvoicePdf(finalDoc, branding, fonts);
        // Factur-X is the issued PDF itself; CII and UBL are kept beside it and written as <number>.xml.
        const bytes = form === 'facturx' && einvoice ? await facturxPdf(rendered, einvoice.xml, issueDate) : rendered;
        const path = inside(outDir, partialFileName(invoicePdfFileName(finalDoc)));
        writeFileSync(path, bytes);
        temporary.set(invoice.id, path);
        const hash = sha256(bytes);
        finalize.run(number, issueDate, dueDate, new Date().toISOString(), hash, invoice.id);
        // The issued bytes themselves are kept: the document is served and re-exported from here, never re-rendered.
        keep.run(invoice.id, Buffer.from(bytes), hash, form, form === 'cii' || form === 'ubl' ? einvoice!.xml : null);
        appendAudit(sqlite, {
          actor: ctx.actor, action: 'finalize', entityType: 'invoice', entityId: invoice.id, details: {
            invoice_number: number, issue_date: issueDate, document_type: invoice.document_type,
            // What was issued, in the hash chain: audit verify compares the stored document with it.
            currency: doc.invoice.currency, total: doc.invoice.total, amount_due: doc.invoice.amount_due, pdf_sha256: hash, einvoice_form: form,
          },
        });
      }
      // A cancel that arrived while the last PDF rendered still cancels: nothing is committed yet.
      ctx.checkCancelled();
    });
  } catch (error) {
    removePartials(temporary.values());
    throw error;
  }
  return { period, outDir, summary, temporary, fonts, branding, einvoiceRefused: plainOnly };
}

/** After the commit: every finalized PDF of the period in place (renamed from its partial, or re-written from the kept bytes), then the register and journal. */
export async function writeExportFiles(sqlite: Sqlite, pending: PendingExport, ctx: JobContext): Promise<ExportResult> {
  const { period, outDir, summary, temporary, fonts, branding, einvoiceRefused } = pending;
  const finalized = sqlite
    .prepare(`SELECT i.id, i.invoice_number, i.pdf_sha256, i.document_type FROM invoices i WHERE i.period = ? AND i.status = 'finalized' ORDER BY ${DOCUMENT_ORDER}`)
    .all(period) as FinalizedRow[];
  const invoices: ExportedInvoice[] = [];
  for (const [index, row] of finalized.entries()) {
    ctx.progress('Writing PDFs', index, finalized.length);
    const doc = invoiceDocument(sqlite, row.id);
    const fileName = invoicePdfFileName(doc);
    const path = inside(outDir, fileName);
    const partial = temporary.get(row.id);
    if (partial) renameSync(partial, path);
    else if (!existsSync(path) || sha256(readFileSync(path)) !== row.pdf_sha256) {
      const bytes = issuedPdf(sqlite, row.id) ?? (await renderInvoicePdf(doc, branding, fonts));
      if (sha256(bytes) !== row.pdf_sha256) throw new Error(`the PDF of ${row.invoice_number} no longer renders identically; it was not overwritten`);
      writeFileSync(path, bytes);
    }
    // A CII or UBL document's issued XML, kept at finalization, beside its PDF as <number>.xml.
    const issued = issuedForm(sqlite, row.id);
    let xmlFile: string | null = null;
    if (issued?.xml != null) {
      xmlFile = `${row.invoice_number.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`;
      writeFileSync(inside(outDir, xmlFile), issued.xml);
    }
    invoices.push({
      invoice_id: row.id, invoice_number: row.invoice_number, document_type: row.document_type, file: fileName, newly_finalized: temporary.has(row.id),
      einvoice_form: issued?.form ?? null, xml_file: xmlFile,
    });
  }

  const register = inside(outDir, `invoice-register_${period}.csv`);
  writeFileSync(register, registerCsv(sqlite, period, new Map(invoices.map((i) => [i.invoice_id, i.file]))));
  const journal = inside(outDir, `journal_${period}.csv`);
  writeFileSync(journal, toCsv([JOURNAL_HEADER, ...finalized.flatMap((row) => journalRows(sqlite, row.id))]));
  ctx.progress('Writing PDFs', finalized.length, finalized.length);
  return { period, outDir, invoices, register, journal, summary, einvoice_refused: einvoiceRefused };
}

/** Finalize and write in one go, outside any command (tests): its own transaction commits before the files are placed. */
export async function exportPeriod(sqlite: Sqlite, request: ExportRequest, ctx: JobContext): Promise<ExportResult> {
  return writeExportFiles(sqlite, await finalizeExport(sqlite, request, ctx), ctx);
}

/** document_type is "invoice" or "credit_note"; credits_invoice_number names the invoice a credit note corrects. */
const REGISTER_HEADER = [
  'invoice_number', 'invoice_id', 'issue_date', 'due_date', 'account_id', 'account_name', 'agreement_id', 'po_number', 'period', 'currency',
  'subtotal', 'discount', 'tax', 'total', 'deposit_applied', 'amount_due', 'file', 'pdf_sha256', 'document_type', 'credits_invoice_number',
];

function registerCsv(sqlite: Sqlite, period: string, files: Map<string, string>): string {
  const rows = sqlite
    .prepare(
      `SELECT i.invoice_number, i.id, i.issue_date, i.due_date, i.account_id, coalesce(c.name, i.account_id) AS account_name, i.agreement_id, a.po_number,
              i.period, i.currency, i.subtotal, i.discount, i.tax, i.total, i.deposit_applied, i.amount_due, i.pdf_sha256, i.document_type, o.invoice_number
       FROM invoices i JOIN agreements a ON a.id = i.agreement_id LEFT JOIN accounts c ON c.id = i.account_id LEFT JOIN invoices o ON o.id = i.credits_invoice_id
       WHERE i.period = ? AND i.status = 'finalized' ORDER BY ${DOCUMENT_ORDER}`,
    )
    .raw()
    .all(period) as (string | null)[][];
  return toCsv([REGISTER_HEADER, ...rows.map((r) => [...r.slice(0, 16), files.get(r[1] as string) ?? '', r[16] ?? null, r[17] ?? null, r[18] ?? null])]);
}
