/**
 * Rating a period into draft invoices and reviewing them: the invoice list,
 * one invoice with its lines, its PDF, approval, holds, audit timeline and
 * usage trend.
 */
import { z } from 'zod';
import { invoiceJsonSchema, invoiceStatus, lineKind } from '../domain';
import { jobId, method, money, period } from './common';

export const invoiceSummary = z.object({
  invoice_id: z.string(),
  invoice_number: z.string().nullable(),
  status: invoiceStatus,
  agreement_id: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  owner: z.string().nullable(),
  period: z.string(),
  currency: z.string(),
  subtotal: money,
  discount: money,
  tax: money,
  total: money,
  deposit_applied: money,
  amount_due: money,
  line_count: z.number().int(),
  /** open anomalies by severity */
  anomalies: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  document_type: z.enum(['invoice', 'credit_note']),
  on_hold: z.boolean(),
  /** the same agreement's invoice total in the previous period, null when it had none */
  previous_total: money.nullable(),
  /** total − previous_total, exact; null without a previous invoice */
  change: money.nullable(),
  /** the change in percent of the previous total, one decimal; null when there is none or it was zero */
  change_percent: z.string().nullable(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummary>;

export const invoiceLineDetail = z.object({
  line_id: z.number().int(),
  /** stable across re-ratings (line ids are not): what links to a line carry */
  line_key: z.string(),
  kind: lineKind,
  code: z.string(),
  description: z.string(),
  quantity: z.string(),
  unit_price: z.string(),
  amount: money,
  /** facts to check the line by hand (aggregate, included, tier range, prorated days …) */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** how many usage records or time entries the line was computed from */
  source_count: z.number().int(),
  source_kind: z.enum(['usage', 'hours']).nullable(),
  /** of source_count, how many are usage rollup rows (a day each): the line was billed (partly) from rollups */
  rollup_count: z.number().int().optional(),
});
export type InvoiceLineDetail = z.infer<typeof invoiceLineDetail>;

export const invoiceDetail = z.object({
  invoice: invoiceJsonSchema,
  lines: z.array(invoiceLineDetail),
  account_name: z.string(),
  owner: z.string().nullable(),
  bill_to: z.string().nullable(),
  po_number: z.string().nullable(),
  agreement_start: z.string(),
  agreement_end: z.string().nullable(),
  rated_at: z.string(),
  /** the customer's tax / VAT registration number, from the agreement */
  tax_id: z.string().nullable(),
  /** the fraction the tax was computed with ("0.0825"); null when the agreement's rate no longer gives the stored tax */
  tax_rate: z.string().nullable(),
  document_type: z.enum(['invoice', 'credit_note']),
  payment_terms_days: z.number().int(),
  /** YYYY-MM-DD: when finalized, the issue date; before, the one finalizing it today would give */
  issue_date: z.string(),
  /** likewise the due date; null for a credit note (no payment is due) */
  due_date: z.string().nullable(),
  /** true once finalized: the dates are the document's own, not a preview */
  dates_final: z.boolean(),
});
export type InvoiceDetail = z.infer<typeof invoiceDetail>;

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** one line a person reads in the timeline, e.g. "Approved with an override" */
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const usageTrend = z.object({
  account_id: z.string(),
  period: z.string(),
  /** per metric the agreement bills, the account's exact usage per period (oldest first, a point for every period, "0" when none) */
  metrics: z.array(z.object({ metric: z.string(), points: z.array(z.object({ period: z.string(), quantity: z.string() })) })),
  /** the agreement's invoice total per period (null where it had none) */
  totals: z.array(z.object({ period: z.string(), total: money.nullable() })),
});
export type UsageTrend = z.infer<typeof usageTrend>;

export const invoiceMethods = {
  'period.rate': method(
    z.object({ job_id: jobId, period }),
    z.object({ period, invoices: z.number().int(), anomalies: z.number().int(), duration_ms: z.number(), later_periods: z.array(period) }),
    'rate every agreement active in the period into draft invoices',
  ),
  'invoices.list': method(z.object({ period }), z.array(invoiceSummary), "the period's invoices"),
  'invoices.get': method(z.object({ invoice_id: z.string().min(1).max(300) }), invoiceDetail, 'one invoice with its lines'),
  'invoices.pdf': method(
    z.object({ invoice_id: z.string().min(1).max(300) }),
    z.object({ file_name: z.string(), base64: z.string() }),
    "render the invoice's PDF from its stored figures (a preview for drafts)",
  ),
  'invoices.eInvoice': method(
    z.object({ invoice_id: z.string().min(1).max(300), format: z.enum(['facturx', 'cii', 'ubl']).optional() }),
    z.object({
      /** the form the agreement asks for (null: a plain PDF) */
      agreement_form: z.enum(['facturx', 'cii', 'ubl']).nullable(),
      /** the form shown: the one asked for, else the agreement's, else cii */
      format: z.enum(['facturx', 'cii', 'ubl']),
      /** true while the document is not finalized: built with a placeholder number, to show problems before approval */
      preview: z.boolean(),
      /** the XML (CII for facturx and cii, UBL for ubl), null when refused */
      xml: z.string().nullable(),
      /** true: the XML kept when the document was issued (its CII/UBL file, or the factur-x.xml inside its Factur-X PDF); false: built from the stored figures */
      stored: z.boolean(),
      file_name: z.string().nullable(),
      /** why it cannot be an e-invoice (missing fields, a failed EN 16931 rule, a 3-decimal currency), one sentence; null when it passes */
      refusal: z.string().nullable(),
      vat_category: z.string().nullable(),
      grand_total: z.string().nullable(),
      amount_due: z.string().nullable(),
      /** the official rule sets it passed with no fatal finding, with their versions (e.g. EN16931-UBL 1.3.16), empty when refused */
      rule_sets: z.array(z.string()),
      /** why a document meant for XRechnung or Peppol BIS is plain EN 16931 (the fields it lacks), else null */
      specification_note: z.string().nullable(),
    }),
    "the invoice's e-invoice XML built from its stored figures and validated against the official EN 16931 artifacts (and Peppol BIS / XRechnung where it claims them), or why it cannot be one",
  ),
  'invoices.approve': method(
    z.object({ invoice_ids: z.array(z.string().min(1).max(300)).min(1).max(5000), override_reason: z.string().trim().min(3).max(2000).optional() }),
    z.array(z.object({ invoice_id: z.string(), status: z.literal('approved'), overridden: z.boolean() })),
    'approve drafts; open error anomalies need an override reason, which is audited',
  ),
  'invoices.hold': method(
    z.object({ invoice_ids: z.array(z.string().min(1).max(300)).min(1).max(5000), hold: z.boolean(), reason: z.string().trim().min(3).max(2000) }),
    z.array(z.object({ invoice_id: z.string(), on_hold: z.boolean() })),
    'put drafts on hold (they cannot be approved) or release them; audited with the reason',
  ),
  'invoices.audit': method(z.object({ invoice_id: z.string().min(1).max(300) }), z.array(auditEntry), "the invoice's audit timeline, oldest first, including its anomalies and adjustments"),
  'invoices.trend': method(
    z.object({ invoice_id: z.string().min(1).max(300), periods: z.number().int().min(2).max(36).default(12) }),
    usageTrend,
    "the account's usage per period of the metrics the agreement bills, up to the invoice's period",
  ),
} as const;
