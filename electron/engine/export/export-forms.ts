/**
 * In which form each document of a period goes out (e-invoicing.md): before
 * the export, what finalizing its approved documents would issue; after it,
 * what each finalized document was issued as. The export page shows it beside
 * the bill-run summary. The checks are finalizeExport's own, in its order: a
 * currency that is not ISO 4217 leaves the document out; an agreement asking
 * for an e-invoice gets it when the XML passes the EN 16931 rules, a plain PDF
 * when its currency has three decimals, and is left out (approved, not
 * finalized) when the XML fails or the agreement lacks fields, with the
 * sentence why.
 */
import type { Sqlite } from '../../../db/open';
import type { DocumentForm } from '../../../shared/api';
import { parsePeriod } from '../../../shared/period';
import { EInvoiceError } from '../einvoice';
import { currencyRefusal } from '../einvoice/model';
import { todayUtc } from '../review/document-dates';
import { agreementTerms, eInvoiceOf, issuedForm } from './einvoice-document';
import { finalizeBlocker } from './export-summary';
import { invoiceDocument } from './stored-invoice-pdf';

interface Row {
  id: string;
  invoice_number: string | null;
  document_type: 'invoice' | 'credit_note';
  status: 'approved' | 'finalized';
  currency: string;
  account_name: string;
}

export function exportForms(sqlite: Sqlite, periodId: string, issueDate: string = todayUtc()): DocumentForm[] {
  const period = parsePeriod(periodId).id;
  const rows = sqlite
    .prepare(
      `SELECT i.id, i.invoice_number, i.document_type, i.status, i.currency, coalesce(c.name, i.account_id) AS account_name
       FROM invoices i LEFT JOIN accounts c ON c.id = i.account_id
       WHERE i.period = ? AND i.status IN ('approved', 'finalized')
       ORDER BY i.status = 'approved', CASE i.document_type WHEN 'invoice' THEN 0 ELSE 1 END, i.invoice_number, i.account_id, i.agreement_id, i.id`,
    )
    .all(period) as Row[];
  return rows.map((row) => {
    const asked = agreementTerms(sqlite, row.id).e_invoice ?? null;
    const base = { invoice_id: row.id, invoice_number: row.invoice_number, document_type: row.document_type, status: row.status, account_name: row.account_name, currency: row.currency, agreement_form: asked };
    if (row.status === 'finalized') {
      const issued = issuedForm(sqlite, row.id)?.form ?? null;
      // Asked for but issued as a plain PDF: its currency (three decimals), or the agreement asked only after it was issued.
      const refusal = asked !== null && issued === null ? (currencyRefusal(row.currency) ?? 'It was issued as a plain PDF before its agreement asked for an e-invoice.') : null;
      return { ...base, form: issued ?? 'pdf', refusal };
    }
    const blocker = finalizeBlocker({ id: row.id, document_type: row.document_type, currency: row.currency });
    if (blocker) return { ...base, form: null, refusal: blocker };
    if (asked === null) return { ...base, form: 'pdf', refusal: null };
    const plainOnly = currencyRefusal(row.currency);
    if (plainOnly) return { ...base, form: 'pdf', refusal: plainOnly };
    const doc = invoiceDocument(sqlite, row.id);
    try {
      eInvoiceOf(sqlite, row.id, asked, { ...doc, invoice: { ...doc.invoice, invoice_number: 'PENDING', status: 'finalized' }, issue_date: issueDate, draft: false });
      return { ...base, form: asked, refusal: null };
    } catch (error) {
      if (!(error instanceof EInvoiceError)) throw error;
      return { ...base, form: null, refusal: error.message.replace('PENDING', row.id) };
    }
  });
}
