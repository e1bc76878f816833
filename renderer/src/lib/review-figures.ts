/**
 * The review figures every page shows, defined once so the dashboard, the
 * invoices page and the anomalies page count the same things under the same
 * words (DECISIONS.md, "Review screens"):
 * - invoice status figures partition the period's invoices (credit notes are
 *   counted apart): a held draft is "On hold", not also a "Draft";
 * - "open errors" are the period's active findings of severity error still
 *   open, whether or not they concern an invoice;
 * - a count of invoices is always labelled as invoices ("Invoices with an open error").
 */
import type { AnomalyRow, InvoiceSummary } from '../../../shared/api';
import { SEVERITIES, type Severity } from '../../../shared/domain';

export const STATUS_BUCKETS = ['draft', 'on_hold', 'approved', 'finalized'] as const;
export type StatusBucket = (typeof STATUS_BUCKETS)[number];

export const STATUS_BUCKET_LABEL: Record<StatusBucket, string> = { draft: 'Drafts', on_hold: 'On hold', approved: 'Approved', finalized: 'Finalized' };
/** the link filter (useHashRoute InvoiceFilter.status) that lists exactly a bucket's invoices */
export const STATUS_BUCKET_FILTER: Record<StatusBucket, string> = { draft: 'draft', on_hold: 'hold', approved: 'approved', finalized: 'finalized' };

export const OPEN_SEVERITY_LABEL: Record<Severity, string> = { error: 'Open errors', warning: 'Open warnings', info: 'Open info' };

/**
 * The owners page's figure (league-table.ts, HAS_ERROR): invoices (not credit
 * notes) with an active error finding that is open or acknowledged (the deal
 * needed looking at either way); a dismissed finding was judged not an error
 * and does not count against the owner. Not the dashboard's "With an open
 * error", which counts open findings only.
 */
export const INVOICES_WITH_ERROR_LABEL = 'Invoices with an error';
export const INVOICES_WITH_ERROR_MEANING = 'Invoices with an error anomaly, open or acknowledged (a dismissed finding does not count)';

export function statusBucket(invoice: Pick<InvoiceSummary, 'status' | 'on_hold'>): StatusBucket {
  return invoice.status === 'draft' && invoice.on_hold ? 'on_hold' : invoice.status;
}

/** The invoices (not credit notes) per status bucket; the four add up to the invoice count. */
export function statusCounts(invoices: readonly InvoiceSummary[]): Record<StatusBucket, number> {
  const counts: Record<StatusBucket, number> = { draft: 0, on_hold: 0, approved: 0, finalized: 0 };
  for (const i of invoices) if (i.document_type === 'invoice') counts[statusBucket(i)] += 1;
  return counts;
}

/** The open findings per severity among anomaly rows (anomalies.explore gives the period's active ones). */
export function openFindings(rows: readonly Pick<AnomalyRow, 'status' | 'severity'>[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of rows) if (r.status === 'open') counts[r.severity] += 1;
  return counts;
}
