/** Everything that happened to this invoice, oldest first: rating, review notes, holds, adjustments, approval, export. */
import { memo } from 'react';
import { useApi } from '../../data/use-api';
import { formatWhen } from '../../lib/format';

/** Every write that records something on the invoice invalidates invoices.audit, so the new entry shows at once. */
export const AuditTimeline = memo(function AuditTimeline({ invoiceId }: { invoiceId: string }) {
  const query = useApi('invoices.audit', { invoice_id: invoiceId });
  const entries = query.data ?? [];
  return (
    <section className="card" aria-label="Audit trail" data-testid="audit-timeline">
      <div className="card-header">
        <h2 className="card-title">Audit trail</h2>
        <span className="card-subtitle">append-only, hash-chained</span>
      </div>
      {entries.length === 0 ? (
        <div className="card-body muted">{query.isPending ? 'Loading…' : 'Nothing recorded yet.'}</div>
      ) : (
        <ol className="timeline">
          {entries.map((e) => (
            <li key={e.id} className="timeline-item">
              <span className="timeline-dot" aria-hidden="true" />
              <div>
                <div>{e.summary}</div>
                <div className="muted small">
                  {formatWhen(e.at)} · {e.actor}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});
