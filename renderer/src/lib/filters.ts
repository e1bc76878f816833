/**
 * The filters a link carries (dashboard cards, charts, the owner table) as
 * predicates over the rows a page lists; the grids apply them on top of their own.
 */
import type { AnomalyRow, InvoiceSummary } from '../../../shared/api';
import type { AnomalyFilter, InvoiceFilter } from '../hooks/use-hash-route';
import { statusBucket } from './review-figures';

/** How a row without a sales owner is listed and filtered. */
export const NO_OWNER = '(no owner)';

/** Whether an invoice passes a filter that came with a link. */
export function matchesFilter(row: InvoiceSummary, filter: InvoiceFilter): boolean {
  // the same buckets the status figures count (invoices only, credit notes apart): "draft" lists drafts not on hold, "hold" the held ones
  if (filter.status && (row.document_type !== 'invoice' || statusBucket(row) !== (filter.status === 'hold' ? 'on_hold' : filter.status))) return false;
  if (filter.severity === 'flagged' ? row.anomalies.error + row.anomalies.warning === 0 : filter.severity && !row.anomalies[filter.severity as keyof InvoiceSummary['anomalies']]) return false;
  if (filter.owner && (row.owner ?? NO_OWNER) !== filter.owner) return false;
  if (filter.account && row.account_id !== filter.account) return false;
  return true;
}

/** Whether a finding passes the anomalies page's filter (from its controls or a link). */
export function matchesAnomalyFilter(row: AnomalyRow, filter: AnomalyFilter): boolean {
  if (filter.rule && row.rule !== filter.rule) return false;
  if (filter.severity && row.severity !== filter.severity) return false;
  if (filter.status && row.status !== filter.status) return false;
  if (filter.owner && (row.owner ?? NO_OWNER) !== filter.owner) return false;
  return true;
}
