/** The invoice's anomalies with their review state; each opens its drawer (acknowledge, dismiss, rows behind it). */
import type { AnomalyRow } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/domain';
import { humanize } from '../lib/format';

export function InvoiceAnomalies({ anomalies, onOpen }: { anomalies: AnomalyRow[]; onOpen: (anomaly: AnomalyRow) => void }) {
  const sorted = [...anomalies].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.rule.localeCompare(b.rule));
  const open = anomalies.filter((a) => a.status === 'open').length;
  return (
    <section className="card" aria-label="Anomalies" data-testid="invoice-anomalies">
      <div className="card-header">
        <h2 className="card-title">Anomalies</h2>
        <span className="card-subtitle">{anomalies.length === 0 ? 'none' : `${open} open of ${anomalies.length}`}</span>
      </div>
      {sorted.length === 0 ? (
        <div className="card-body muted" style={{ fontSize: 'var(--text-md)' }}>
          No rule flagged this invoice.
        </div>
      ) : (
        <ul className="anomaly-list">
          {sorted.map((a) => (
            <li key={a.anomaly_id}>
              <button type="button" className={`anomaly-item anomaly-button${a.status === 'open' ? '' : ' anomaly-reviewed'}`} onClick={() => onOpen(a)} data-testid="invoice-anomaly">
                <span className={`sev-pill sev-${a.severity}`}>{a.severity}</span>
                <span>
                  <span className="anomaly-text">{a.message}</span>
                  <span className="anomaly-rule">
                    {a.rule} · {humanize(a.status)}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
