/**
 * Exporting a period: what the export would finalize, and finalizing it into
 * PDFs, a register and a journal.
 */
import { z } from 'zod';
import { fileRef, jobId, method, money, period } from './common';

export const exportResult = z.object({
  period: z.string(),
  out_dir: z.string(),
  invoices: z.array(
    z.object({
      invoice_id: z.string(),
      invoice_number: z.string(),
      document_type: z.enum(['invoice', 'credit_note']),
      file: z.string(),
      newly_finalized: z.boolean(),
      /** the e-invoice form it was issued in (null: a plain PDF) */
      einvoice_form: z.enum(['facturx', 'cii', 'ubl']).nullable(),
      /** for cii and ubl, the XML file written beside the PDF */
      xml_file: z.string().nullable(),
    }),
  ),
  register: z.string(),
  journal: z.string(),
  /** documents whose agreement asks for an e-invoice their currency cannot express: issued as plain PDFs, "<invoice id>: <why>" */
  einvoice_refused: z.array(z.string()),
});
export type ExportResultInfo = z.infer<typeof exportResult>;

/** Documents of one currency the export finalizes: how many, and their totals. */
const currencyTotals = z.object({ currency: z.string(), count: z.number().int(), total: money, amount_due: money });
const documentType = z.enum(['invoice', 'credit_note']);

/** What `billing export` / the export page will do to a period, computed before anything changes. */
export const exportSummary = z.object({
  period,
  /** approved invoices the export finalizes now, per currency */
  invoices: z.array(currencyTotals),
  /** approved credit notes the export finalizes now, per currency (negative totals) */
  credit_notes: z.array(currencyTotals),
  /** how many documents the export finalizes now */
  to_finalize: z.number().int(),
  /** finalized before: their files are written again if missing */
  already_finalized: z.number().int(),
  /** drafts the export leaves alone: they need an approval first */
  drafts_left: z.object({ invoices: z.number().int(), on_hold: z.number().int(), credit_notes: z.array(z.string()) }),
  /** approved documents whose error anomalies are still open: a reviewer approved them with an override */
  overridden: z.array(
    z.object({
      invoice_id: z.string(),
      document_type: documentType,
      account_name: z.string(),
      open_errors: z.number().int(),
      approved_by: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  /** documents that cannot be finalized; while any is listed the export is refused as a whole */
  blocked: z.array(z.object({ invoice_id: z.string(), document_type: documentType, currency: z.string(), reason: z.string() })),
});
export type ExportSummary = z.infer<typeof exportSummary>;

/**
 * How one approved or finalized document of the period goes out: a plain PDF, Factur-X (the PDF itself carries the CII XML),
 * or CII / UBL XML beside the PDF; null when it is left out of the export (approved, but it cannot be finalized).
 */
export const documentForm = z.object({
  invoice_id: z.string(),
  invoice_number: z.string().nullable(),
  document_type: documentType,
  /** approved: what the next export issues; finalized: what was issued */
  status: z.enum(['approved', 'finalized']),
  account_name: z.string(),
  currency: z.string(),
  /** the e-invoice form the agreement asks for (null: a plain PDF) */
  agreement_form: z.enum(['facturx', 'cii', 'ubl']).nullable(),
  form: z.enum(['pdf', 'facturx', 'cii', 'ubl']).nullable(),
  /** why it is not (or was not) issued in the form its agreement asks for, one sentence; null when it is */
  refusal: z.string().nullable(),
});
export type DocumentForm = z.infer<typeof documentForm>;

export const exportMethods = {
  'export.summary': method(
    z.object({ period }),
    exportSummary,
    "what exporting the period would finalize: counts and totals per currency, overridden errors, drafts left, documents that block it",
  ),
  'export.forms': method(
    z.object({ period }),
    z.array(documentForm),
    'in which form each approved or finalized document of the period goes out (PDF, Factur-X, CII or UBL beside the PDF), and why an e-invoice is refused',
  ),
  'export.period': method(
    z.object({ job_id: jobId, period, issue_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), folder: fileRef.optional() }),
    exportResult,
    "finalize the period's approved invoices and credit notes (drafts stay drafts) and write PDFs, register and journal into the chosen folder (default: exports/<period> beside the database)",
  ),
} as const;
