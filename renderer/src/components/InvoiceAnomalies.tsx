/** The anomaly findings stored on the invoice. */
import type { InvoiceJson } from '../../../shared/domain';
import { SEVERITIES } from '../../../shared/domain';

export function InvoiceAnomalies({ anomalies }: { anomalies: InvoiceJson['anomalies'] }) {
  const sorted = [...anomalies].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return (
    <section className="card" aria-label="Anomalies" data-testid="invoice-anomalies">
      <div className="card-header">
        <h2 className="card-title">Anomalies</h2>
        <span className="card-subtitle">{anomalies.length === 0 ? 'none' : anomalies.length}</span>
      </div>
      {sorted.length === 0 ? (
        <div className="card-body muted" style={{ fontSize: 'var(--text-md)' }}>
          No rule flagged this invoice.
        </div>
      ) : (
        <ul className="anomaly-list">
          {sorted.map((a, i) => (
            <li key={`${a.rule}-${i}`} className="anomaly-item">
              <span className={`sev-pill sev-${a.severity}`}>{a.severity}</span>
              <div>
                <div>{a.message}</div>
                <div className="anomaly-rule">{a.rule}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
