/**
 * Preview before apply (change-control.md): what a change would do, measured by
 * running it for real and rolling it back — the invoices whose totals move
 * (before → after), the anomalies it would open and close — with Confirm, which
 * applies the same change, and Cancel, which changes nothing.
 */
import type { ReactNode } from 'react';
import type { AnomalySummary, ChangeImpact, InvoiceImpact } from '../../../shared/api';
import { groupDigits, humanize, plural } from '../lib/format';
import { ScrollTable } from './scroll-table';

/** An amount with its currency, so a screen reader (and the eye) never gets a bare figure. */
function Figure({ side, field, currency }: { side: InvoiceImpact['before']; field: 'total' | 'amount_due'; currency: string }) {
  return side ? (
    <>
      <span className="ccy">{currency}</span> {groupDigits(side[field])}
    </>
  ) : (
    <span className="muted">—</span>
  );
}

function InvoiceRows({ invoices }: { invoices: InvoiceImpact[] }) {
  return (
    <ScrollTable label="Invoices whose totals would change">
      <table className="table" data-testid="preview-invoices">
        <caption className="sr-only">Invoices whose totals would change</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Status</th>
            <th scope="col" className="right">Total before</th>
            <th scope="col" className="right">Total after</th>
            <th scope="col" className="right">Amount due before</th>
            <th scope="col" className="right">Amount due after</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.invoice_id}>
              <td className="mono">{i.invoice_id}</td>
              <td>{i.before === null ? 'New' : i.after === null ? 'Removed' : humanize(i.status)}</td>
              <td className="right num">
                <Figure side={i.before} field="total" currency={i.currency} />
              </td>
              <td className="right num">
                <Figure side={i.after} field="total" currency={i.currency} />
              </td>
              <td className="right num">
                <Figure side={i.before} field="amount_due" currency={i.currency} />
              </td>
              <td className="right num">
                <Figure side={i.after} field="amount_due" currency={i.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function AnomalyList({ title, anomalies, testId }: { title: string; anomalies: AnomalySummary[]; testId: string }) {
  if (anomalies.length === 0) return null;
  return (
    <div data-testid={testId}>
      <h3 className="change-preview-subtitle">{title}</h3>
      <ul className="change-preview-list">
        {anomalies.map((a) => (
          <li key={a.anomaly_id}>
            <span className={`sev-pill sev-${a.severity}`}>{humanize(a.severity)}</span> <span className="mono">{a.rule}</span> {a.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The impact itself (counts, invoices before → after, anomalies): in the panel below, or in a drawer that has its own Confirm and Cancel. */
export function ImpactSummary({ impact }: { impact: ChangeImpact }) {
  const { invoices, anomalies_opened: opened, anomalies_closed: closed } = impact;
  return (
    <div className="change-preview-body" data-testid="impact-summary">
      <div className="kpis kpis-compact change-preview-counts" data-testid="preview-counts">
        <div>
          <div className="kpi-label">Invoices changing</div>
          <div className="kpi-value">{invoices.length}</div>
        </div>
        <div>
          <div className="kpi-label">Anomalies opened</div>
          <div className="kpi-value">{opened.length}</div>
        </div>
        <div>
          <div className="kpi-label">Anomalies closed</div>
          <div className="kpi-value">{closed.length}</div>
        </div>
      </div>
      {invoices.length ? <InvoiceRows invoices={invoices} /> : <p className="muted">No invoice total or amount due changes.</p>}
      <AnomalyList title={`Would open ${plural(opened.length, 'anomaly', 'anomalies')}`} anomalies={opened} testId="preview-opened" />
      <AnomalyList title={`Would close ${plural(closed.length, 'anomaly', 'anomalies')}`} anomalies={closed} testId="preview-closed" />
    </div>
  );
}

export function ChangePreview({
  title,
  impact,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
}: {
  title: string;
  impact: ChangeImpact;
  /** the change's own summary (files and row counts, rows removed…) */
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  return (
    <section className="card change-preview" aria-label="Preview of the change" data-testid="change-preview">
      <div className="card-header">
        <h2 className="card-title">{title}</h2>
        <span className="card-subtitle">Preview · nothing is changed until you confirm</span>
      </div>
      <div className="card-body change-preview-body">
        {children}
        <ImpactSummary impact={impact} />
      </div>
      <div className="change-preview-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy} data-testid="cancel-change">
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy} data-testid="confirm-change">
          {confirmLabel}
        </button>
      </div>
    </section>
  );
}
