/**
 * E-invoices of stored documents: the agreement's e-invoicing terms and the
 * seller settings read from the book, the stored figures from
 * invoiceDocument, and the issued form kept beside the PDF (invoice_documents).
 */
import type { Sqlite } from '../../../db/open';
import type { EInvoiceForm } from '../../../shared/domain';
import { EInvoiceError, generateEInvoice, type GeneratedEInvoice } from '../einvoice';
import { facturxPdf } from '../einvoice/facturx';
import type { EInvoiceTerms } from '../einvoice/requirements';
import { NotFoundError } from '../errors';
import { branding } from '../settings/settings';
import { facturxXmlOf } from './facturx-xml';
import { invoiceDocument, issuedPdf, renderStoredInvoicePdf } from './stored-invoice-pdf';
import type { InvoiceDocument } from './types';

/** The e-invoicing fields of the agreement an invoice belongs to. */
export function agreementTerms(sqlite: Sqlite, invoiceId: string): EInvoiceTerms {
  const text = sqlite.prepare('SELECT a.document FROM invoices i JOIN agreements a ON a.id = i.agreement_id WHERE i.id = ?').pluck().get(invoiceId) as string | undefined;
  if (text === undefined) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  const doc = JSON.parse(text) as Partial<EInvoiceTerms> & { tax_rate?: string };
  return {
    e_invoice: doc.e_invoice ?? null,
    buyer_country: doc.buyer_country ?? null,
    tax_id: doc.tax_id ?? null,
    buyer_reference: doc.buyer_reference ?? null,
    buyer_peppol_id: doc.buyer_peppol_id ?? null,
    po_number: doc.po_number ?? null,
    tax_rate: doc.tax_rate ?? '0',
    tax_exemption: doc.tax_exemption ?? null,
    tax_exemption_reason: doc.tax_exemption_reason ?? null,
  };
}

/** The invoice or credit note with this number (or id). */
export function documentIdOf(sqlite: Sqlite, numberOrId: string): string {
  const id = sqlite.prepare('SELECT id FROM invoices WHERE invoice_number = ? OR id = ? ORDER BY invoice_number = ? DESC LIMIT 1').pluck().get(numberOrId, numberOrId, numberOrId) as string | undefined;
  if (id === undefined) throw new NotFoundError(`There is no invoice or credit note ${numberOrId}.`);
  return id;
}

/**
 * The e-invoice of a document in the given form (its stored figures; `doc` overrides the stored document, e.g. while
 * finalizing, and `prechecked` is its validation under PRECHECK_NUMBER, which stands if only the number differs).
 */
export function eInvoiceOf(sqlite: Sqlite, invoiceId: string, form: EInvoiceForm, doc: InvoiceDocument = invoiceDocument(sqlite, invoiceId), prechecked?: GeneratedEInvoice): GeneratedEInvoice {
  return generateEInvoice(doc, agreementTerms(sqlite, invoiceId), branding(sqlite), form, prechecked);
}

interface IssuedForm {
  form: EInvoiceForm | null;
  xml: string | null;
}

export function issuedForm(sqlite: Sqlite, invoiceId: string): IssuedForm | null {
  const row = sqlite.prepare('SELECT einvoice_form AS form, einvoice_xml AS xml FROM invoice_documents WHERE invoice_id = ?').get(invoiceId) as IssuedForm | undefined;
  return row ?? null;
}

/**
 * A finalized document written in a form: the issued bytes where it was issued
 * in that form (Factur-X PDF, kept XML), else generated from its stored figures.
 */
export async function eInvoiceFile(sqlite: Sqlite, numberOrId: string, form: EInvoiceForm): Promise<{ invoiceId: string; bytes: Uint8Array; generated: GeneratedEInvoice }> {
  const invoiceId = documentIdOf(sqlite, numberOrId);
  const generated = eInvoiceOf(sqlite, invoiceId, form);
  const issued = issuedForm(sqlite, invoiceId);
  if (form === 'facturx') {
    if (issued?.form === 'facturx') return { invoiceId, bytes: issuedPdf(sqlite, invoiceId)!, generated };
    const { bytes } = await renderStoredInvoicePdf(sqlite, invoiceId);
    return { invoiceId, bytes: await facturxPdf(bytes, generated.xml, generated.einvoice.issue_date), generated };
  }
  const xml = issued?.form === form && issued.xml !== null ? issued.xml : generated.xml;
  return { invoiceId, bytes: new TextEncoder().encode(xml), generated };
}

/**
 * What the invoice page shows: the document's e-invoice (a preview with a placeholder number before finalizing) or why it cannot be one.
 * A finalized document issued in the form shown gives its kept XML (the CII/UBL kept at finalization, or the factur-x.xml inside the
 * issued PDF), never a rebuild: later seller settings cannot change what was sent. `stored` says which it is.
 */
export async function eInvoiceView(sqlite: Sqlite, invoiceId: string, format?: EInvoiceForm) {
  const agreementForm = agreementTerms(sqlite, invoiceId).e_invoice ?? null;
  const form: EInvoiceForm = format ?? agreementForm ?? 'cii';
  const doc = invoiceDocument(sqlite, invoiceId);
  const preview = doc.invoice.status !== 'finalized';
  const shown = preview ? { ...doc, invoice: { ...doc.invoice, invoice_number: 'DRAFT', status: 'finalized' as const }, draft: false } : doc;
  const issued = preview ? null : issuedForm(sqlite, invoiceId);
  const kept = issued?.form !== form ? null : form === 'facturx' ? await facturxXmlOf(issuedPdf(sqlite, invoiceId) ?? new Uint8Array()) : issued.xml;
  try {
    const { einvoice, xml, rule_sets } = eInvoiceOf(sqlite, invoiceId, form, shown);
    return {
      agreement_form: agreementForm, format: form, preview, xml: kept ?? xml, stored: kept !== null, refusal: null,
      file_name: `${einvoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}${form === 'ubl' ? '.ubl' : '.cii'}.xml`,
      vat_category: einvoice.vat.category, grand_total: einvoice.totals.tax_inclusive, amount_due: einvoice.totals.due,
      rule_sets, specification_note: einvoice.specification_note,
    };
  } catch (error) {
    if (!(error instanceof EInvoiceError)) throw error;
    return { agreement_form: agreementForm, format: form, preview, xml: null, stored: false, file_name: null, refusal: error.message, vat_category: null, grand_total: null, amount_due: null, rule_sets: [], specification_note: null };
  }
}
