/**
 * A finalized invoice as a receivable (receivables.md): its open balance
 * today, the payments and credit notes applied to it, and its disputes. The
 * figures come from the engine's allocation (receivables.account), never
 * summed here.
 */
import { memo } from 'react';
import { useApi } from '../../data/use-api';
import { hrefFor } from '../../hooks/use-hash-route';
import { groupDigits } from '../../lib/format';
import { Loaded } from '../page-states';

const today = () => new Date().toISOString().slice(0, 10);

export const ReceivableCard = memo(function ReceivableCard({ invoiceId, accountId, currency }: { invoiceId: string; accountId: string; currency: string }) {
  const asOf = today();
  const query = useApi('receivables.account', { account_id: accountId, as_of: asOf });
  return (
    <section className="card" aria-label="Payments" data-testid="invoice-receivable">
      <div className="card-header">
        <h2 className="card-title">Payments</h2>
        <a className="card-subtitle" href={hrefFor({ name: 'receivables', period: null, account: accountId, asOf: null })}>
          Receivables of {accountId}
        </a>
      </div>
      <Loaded query={query}>
        {(data) => {
          const item = data.items.find((i) => i.invoice_id === invoiceId);
          if (!item) return <p className="muted receivables-note">Not a receivable yet: issued after today.</p>;
          const settled = !/[1-9]/.test(item.open_balance);
          return (
            <div className="totals">
              <div className="totals-row">
                <span className="k">Amount due</span>
                <span className="v">{groupDigits(item.amount_due)}</span>
              </div>
              {item.credits.map((c) => (
                <div key={c.number} className="totals-row">
                  <span className="k">Credit note {c.number} · {c.date}</span>
                  <span className="v">−{groupDigits(c.amount)}</span>
                </div>
              ))}
              {item.allocations.map((a) => (
                <div key={`${a.payment_id}-${a.date}`} className="totals-row">
                  <span className="k">
                    Payment {a.payment_id} · {a.date}
                  </span>
                  <span className="v">−{groupDigits(a.amount)}</span>
                </div>
              ))}
              <div className="totals-row" data-testid="open-balance">
                <span className="k">
                  <strong>{settled ? 'Paid' : `Open ${currency}`}</strong>
                  {!settled && item.days_overdue > 0 ? <span className="muted"> · {item.days_overdue} days overdue</span> : null}
                </span>
                <span className="v">
                  <strong>{groupDigits(item.open_balance)}</strong>
                </span>
              </div>
              {item.disputes.map((d) => (
                <div key={d.dispute_id} className="totals-row">
                  <span className="k">
                    <span className={`badge ${d.resolved_on ? 'badge-none' : 'badge-warning'}`}>Dispute {d.dispute_id}</span> {d.reason}
                  </span>
                  <span className="v muted">{d.resolved_on ? `resolved ${d.resolved_on}` : `since ${d.opened_on}`}</span>
                </div>
              ))}
            </div>
          );
        }}
      </Loaded>
    </section>
  );
});
