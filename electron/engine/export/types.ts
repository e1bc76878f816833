/**
 * What the PDF renderer is given: the stored invoice (figures exactly as the
 * engine stored them, never recomputed here) plus the customer and branding
 * facts printed around them.
 */
import type { InvoiceJson } from '../../../shared/domain';

export interface InvoiceLineDocument {
  kind: InvoiceJson['lines'][number]['kind'];
  code: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount: string;
  /** extra facts, e.g. tier range or prorated days, printed small under the description */
  detail?: string | null;
  /** a prorated subscription's active days ("17/31 days"), printed in place of its quantity */
  proration?: string | null;
}

export interface InvoiceDocument {
  invoice: Omit<InvoiceJson, 'lines' | 'anomalies' | 'on_hold'> & {
    lines: InvoiceLineDocument[];
    /** "invoice" or "credit_note" */
    document_type: 'invoice' | 'credit_note';
    /** for a credit note, the number of the invoice it corrects */
    credits_invoice_number?: string | null;
    /** for a credit note, why it was written (printed under "Note") */
    credit_reason?: string | null;
  };
  account_name: string;
  bill_to: string | null;
  po_number: string | null;
  /** the customer's tax / VAT registration number, printed under the bill-to address */
  tax_id?: string | null;
  /** the tax rate as a fraction ("0.0825"), printed beside the tax ("Tax (8.25 %)"); null when unknown */
  tax_rate?: string | null;
  /** YYYY-MM-DD */
  issue_date: string;
  /** YYYY-MM-DD */
  due_date: string;
  payment_terms_days: number;
  /** true while the invoice is not finalized: the PDF carries a DRAFT watermark */
  draft: boolean;
}

export interface Branding {
  company_name: string;
  /** multi-line postal address */
  company_address: string;
  /** PNG or JPEG bytes, or null for no logo */
  logo: Uint8Array | null;
  /** "#RRGGBB" */
  accent_color: string;
  /** e.g. bank details, printed under the totals */
  payment_instructions: string;
  footer: string;
  tax_label: string;
  /** the seller's tax / VAT registration number, printed under its address ('' or absent for none) */
  tax_id?: string | null;
}
