/**
 * Renders a stored invoice: the figures come from the database exactly as the
 * engine stored them (the same ones the grid and the JSON show).
 */
import type { Sqlite } from '../../../db/open';
import { addDays } from '../../../shared/period';
import { invoiceDetail } from '../review/invoice-queries';
import { branding } from '../settings/settings';
import { creditNoteReason } from './credit-note';
import { invoicePdfFileName } from './file-name';
import { loadPdfFonts, renderInvoicePdf, type PdfFonts } from './invoice-pdf';
import type { Branding, InvoiceDocument } from './types';

let fonts: Promise<PdfFonts> | null = null;

/** The embedded fonts, read and parsed once per process. */
export function pdfFonts(): Promise<PdfFonts> {
  fonts ??= loadPdfFonts();
  return fonts;
}

function detailText(detail: Record<string, string | number | null>): string | null {
  const note = detail['note'];
  return typeof note === 'string' ? note : null;
}

export function invoiceDocument(sqlite: Sqlite, invoiceId: string): InvoiceDocument {
  const d = invoiceDetail(sqlite, invoiceId);
  const meta = sqlite
    .prepare('SELECT i.issue_date, i.due_date, i.document_type, a.payment_terms_days, c.invoice_number AS credits FROM invoices i JOIN agreements a ON a.id = i.agreement_id LEFT JOIN invoices c ON c.id = i.credits_invoice_id WHERE i.id = ?')
    .get(invoiceId) as { issue_date: string | null; due_date: string | null; document_type: 'invoice' | 'credit_note'; payment_terms_days: number; credits: string | null };
  // A draft has no issue date yet: preview it as if issued on the day after the period ends.
  const [year, month] = d.invoice.period.split('-').map(Number) as [number, number];
  const previewIssue = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  const issueDate = meta.issue_date ?? previewIssue;
  const { anomalies: _anomalies, ...invoice } = d.invoice;
  return {
    invoice: {
      ...invoice,
      lines: d.lines.map((l) => ({ kind: l.kind, code: l.code, description: l.description, quantity: l.quantity, unit_price: l.unit_price, amount: l.amount, detail: detailText(l.detail) })),
      document_type: meta.document_type,
      credits_invoice_number: meta.credits,
      credit_reason: meta.document_type === 'credit_note' ? creditNoteReason(sqlite, invoiceId) : null,
    },
    account_name: d.account_name,
    bill_to: d.bill_to,
    po_number: d.po_number,
    issue_date: issueDate,
    // A credit note is due nowhere (nothing is paid): its "due date" is its issue date, and it is not printed.
    due_date: meta.due_date ?? (meta.document_type === 'credit_note' ? issueDate : addDays(issueDate, meta.payment_terms_days)),
    payment_terms_days: meta.payment_terms_days,
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
  const bytes = issuedPdf(sqlite, invoiceId) ?? (await renderInvoicePdf(doc, brandingForPdf(sqlite), await pdfFonts()));
  return { fileName: invoicePdfFileName(doc), bytes };
}
