/**
 * The bill-run summary of a period (the engine's export.summary, the same
 * figures `billing export` prints): what will be finalized per currency,
 * invoices and credit notes apart, the approvals that overrode open errors,
 * the drafts left behind, and anything that stops the export.
 */
import type { ExportSummary } from '../../../shared/api';
import { groupDigits, plural } from '../lib/format';
import { hrefFor } from '../hooks/use-hash-route';
import { ScrollTable } from './scroll-table';

/** `label` names the figures' table; it differs where the summary shows twice (the page and its confirm drawer). */
export function ExportSummaryView({ summary, label = 'To finalize, per currency' }: { summary: ExportSummary; label?: string }) {
  const rows = [
    ...summary.invoices.map((c) => ({ ...c, what: 'Invoices' })),
    ...summary.credit_notes.map((c) => ({ ...c, what: 'Credit notes' })),
  ];
  const left = summary.drafts_left;
  return (
    <div className="form-stack" data-testid="export-summary">
      {rows.length > 0 ? (
        <ScrollTable label={label}>
          <table className="table" aria-label={label}>
            <thead>
              <tr>
                <th scope="col">To finalize</th>
                <th scope="col">Currency</th>
                <th scope="col" className="right">
                  Documents
                </th>
                <th scope="col" className="right">
                  Total
                </th>
                <th scope="col" className="right">
                  Amount due
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.what}-${r.currency}`}>
                  <td>{r.what}</td>
                  <td className="mono">{r.currency}</td>
                  <td className="right num">{r.count}</td>
                  <td className="right num">{groupDigits(r.total)}</td>
                  <td className="right num">{groupDigits(r.amount_due)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        <p className="muted">Nothing is approved and waiting: the export only writes again the files of documents finalized before.</p>
      )}
      {summary.overridden.length > 0 ? (
        <div className="callout callout-warn" data-testid="export-overridden">
          <div className="callout-body">
            <div className="callout-title">Approved over open errors ({summary.overridden.length})</div>
            <ul className="plain-list callout-text">
              {summary.overridden.map((o) => (
                <li key={o.invoice_id}>
                  <a href={hrefFor({ name: 'invoice', invoiceId: o.invoice_id, lineKey: null })}>{o.account_name}</a> <span className="mono small">{o.invoice_id}</span>:{' '}
                  {plural(o.open_errors, 'open error')}
                  {o.approved_by ? `, approved by ${o.approved_by}` : ''}
                  {o.reason ? ` — “${o.reason}”` : ''}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {left.invoices > 0 || left.credit_notes.length > 0 ? (
        <p className="muted" data-testid="export-drafts-left">
          Left as drafts, not finalized:{' '}
          {[
            ...(left.invoices > 0 ? [`${plural(left.invoices, 'draft invoice')}${left.on_hold ? ` (${left.on_hold} on hold)` : ''}`] : []),
            ...(left.credit_notes.length > 0 ? [plural(left.credit_notes.length, 'draft credit note')] : []),
          ].join(' and ')}
          ; approve them to finalize them.
        </p>
      ) : null}
      {summary.blocked.length > 0 ? (
        <div className="callout callout-error" role="alert" data-testid="export-blocked">
          <div className="callout-body">
            <div className="callout-title">Left out of this export: approved, but they cannot be finalized</div>
            <ul className="plain-list callout-text">
              {summary.blocked.map((b) => (
                <li key={b.invoice_id}>{b.reason}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}
