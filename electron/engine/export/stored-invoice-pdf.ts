/**
 * Renders a stored invoice: the figures come from the database exactly as the
 * engine stored them (the same ones the grid and the JSON show).
 */
import type { Sqlite } from '../../../db/open';
import { prorationText } from '../../../shared/invoice-labels';
import { invoiceDetail } from '../review/invoice-queries';
import { branding } from '../settings/settings';
import { creditNoteReason } from '../credit-notes/credit-note';
import { invoicePdfFileName } from './file-name';
import type { PdfFonts } from './invoice-pdf';
import type { Branding, InvoiceDocument } from './types';

/** pdf-lib and fontkit load with the first PDF (see renderers.ts). */
const invoicePdfModule = () => import('./invoice-pdf');

let fonts: Promise<PdfFonts> | null = null;

/** The embedded fonts, read and parsed once per process. */
export function pdfFonts(): Promise<PdfFonts> {
  fonts ??= invoicePdfModule().then((m) => m.loadPdfFonts());
  return fonts;
}

function detailText(detail: Record<string, string | number | null>): string | null {
  const note = detail['note'];
  return typeof note === 'string' ? note : null;
}

export function invoiceDocument(sqlite: Sqlite, invoiceId: string): InvoiceDocument {
  const d = invoiceDetail(sqlite, invoiceId);
  const credits = sqlite.prepare('SELECT c.invoice_number FROM invoices i JOIN invoices c ON c.id = i.credits_invoice_id WHERE i.id = ?').pluck().get(invoiceId) as string | undefined;
  const { anomalies: _anomalies, ...invoice } = d.invoice;
  return {
    invoice: {
      ...invoice,
      lines: d.lines.map((l) => ({
        kind: l.kind,
        code: l.code,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unit_price,
        amount: l.amount,
        detail: detailText(l.detail),
        proration: prorationText(l.kind, l.detail),
      })),
      document_type: d.document_type,
      credits_invoice_number: credits ?? null,
      credit_reason: d.document_type === 'credit_note' ? creditNoteReason(sqlite, invoiceId) : null,
    },
    account_name: d.account_name,
    bill_to: d.bill_to,
    po_number: d.po_number,
    tax_id: d.tax_id,
    tax_rate: d.tax_rate,
    // A draft shows the dates finalizing it today would give (invoiceDetail, through the export's own function).
    issue_date: d.issue_date,
    // A credit note is due nowhere (nothing is paid): its "due date" is its issue date, and it is not printed.
    due_date: d.due_date ?? d.issue_date,
    payment_terms_days: d.payment_terms_days,
    draft: d.invoice.status !== 'finalized',
  };
}

export function brandingForPdf(sqlite: Sqlite): Branding {
  const b = branding(sqlite);
  return { ...b, logo: b.logo_base64 ? Buffer.from(b.logo_base64, 'base64') : null };
}

/** The PDF exactly as it was issued, for a finalized invoice or credit note finalized since documents are kept. */
export function issuedPdf(sqlite: Sqlite, invoiceId: string): Uint8Array | null {
  const pdf = sqlite.prepare('SELECT pdf FROM invoice_documents WHERE invoice_id = ?').pluck().get(invoiceId) as Buffer | undefined;
  return pdf ? new Uint8Array(pdf) : null;
}

/**
 * An invoice's PDF: the issued bytes once it is finalized (later branding or
 * layout changes never alter an issued document), else rendered from the
 * stored figures (drafts carry a DRAFT watermark).
 */
export async function renderStoredInvoicePdf(sqlite: Sqlite, invoiceId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const doc = invoiceDocument(sqlite, invoiceId);
  const bytes = issuedPdf(sqlite, invoiceId) ?? (await (await invoicePdfModule()).renderInvoicePdf(doc, brandingForPdf(sqlite), await pdfFonts()));
  return { fileName: invoicePdfFileName(doc), bytes };
}
