/** Everything that happened to this invoice, oldest first: rating, review notes, holds, adjustments, approval, export. */
import { useEffect } from 'react';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatWhen } from '../../lib/format';

/** `reloadKey` changes whenever the page recorded something, so the new entry shows at once. */
export function AuditTimeline({ invoiceId, reloadKey }: { invoiceId: string; reloadKey: number }) {
  const query = useApiQuery('invoices.audit', { invoiceId });
  const { reload } = query;
  useEffect(() => {
    if (reloadKey) reload();
  }, [reloadKey, reload]);
  const entries = query.data ?? [];
  return (
    <section className="card" aria-label="Audit trail" data-testid="audit-timeline">
      <div className="card-header">
        <h2 className="card-title">Audit trail</h2>
        <span className="card-subtitle">append-only, hash-chained</span>
      </div>
      {entries.length === 0 ? (
        <div className="card-body muted">{query.loading ? 'Loading…' : 'Nothing recorded yet.'}</div>
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
}
