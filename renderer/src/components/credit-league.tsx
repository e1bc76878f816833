/**
 * The owners' credit performance as of a day (receivables.md): customers in
 * debt and in dispute with their shares as bars, overdue amounts per currency
 * and average days to pay, beside the period's error share and adjustments.
 * Exported as CSV and as a printable PDF (both name the period and the day)
 * for internal publication.
 */
import { useState } from 'react';
import type { CreditLeagueRow } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { downloadPdf, downloadText } from '../lib/download';
import { formatCount, groupDigits, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Icon } from './icon';
import { Loaded, MessageState } from './page-states';

const NO_OWNER = '(no owner)';

function Bar({ share, label, level }: { share: string; label: string; level: 'error' | 'warning' }) {
  return (
    <span className="share" title={label}>
      <span className="share-track" aria-hidden="true">
        <span className={`share-fill share-${Number(share) > 0 ? level : 'ok'}`} style={{ width: `${Math.min(100, Number(share))}%` }} />
      </span>
      <span className="num">{share}%</span>
    </span>
  );
}

export function CreditLeague({ period }: { period: string }) {
  const [asOf, setAsOf] = useState(() => new Date().toISOString().slice(0, 10));
  const query = useApi('receivables.league', { as_of: asOf, period });
  const { client } = useAppState();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  async function exportFile(kind: 'csv' | 'pdf') {
    setBusy(true);
    try {
      if (kind === 'csv') {
        const { file_name: fileName, csv } = await client.call('receivables.leagueCsv', { as_of: asOf, period });
        downloadText(fileName, csv);
        toast.success(`${fileName} is ready.`, 'League table');
      } else {
        const { file_name: fileName, base64 } = await client.call('receivables.leaguePdf', { as_of: asOf, period });
        downloadPdf(fileName, base64);
        toast.success(`${fileName} is ready to print.`, 'League table');
      }
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Export failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label="Credit performance" data-testid="credit-league">
      <div className="card-header">
        <h2 className="card-title">Credit performance of each owner’s customers</h2>
        <div className="page-actions">
          <label className="inline-field">
            <span>As of</span>
            <input className="input" type="date" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} data-testid="league-as-of" />
          </label>
          <button type="button" className="btn btn-sm" onClick={() => void exportFile('csv')} disabled={busy} data-testid="league-csv">
            <Icon name="download" size={14} /> CSV
          </button>
          <button type="button" className="btn btn-sm" onClick={() => void exportFile('pdf')} disabled={busy} data-testid="league-pdf">
            <Icon name="pdf" size={14} /> Print (PDF)
          </button>
        </div>
      </div>
      <p className="muted receivables-note">
        Worst debt share + dispute share first. Errors and adjustments of {periodLabel(period)}; debt, disputes and payments as of {asOf}.
      </p>
      <Loaded query={query}>{(data) => <CreditTable rows={data.rows} />}</Loaded>
    </section>
  );
}

function CreditTable({ rows }: { rows: CreditLeagueRow[] }) {
  if (rows.length === 0) return <MessageState icon="trophy" title="No agreements yet" />;
  return (
    <div className="table-wrap">
      <table className="table league-table" data-testid="credit-league-table">
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col" className="right">
              Customers
            </th>
            <th scope="col">In debt</th>
            <th scope="col">In dispute</th>
            <th scope="col">Overdue</th>
            <th scope="col" className="right">
              Avg days to pay
            </th>
            <th scope="col" className="right">
              Error share
            </th>
            <th scope="col" className="right">
              Adjustments
            </th>
            <th scope="col" className="right" title="Queries to the owner not resolved yet, and the median days from raising one to its answer">
              Queries
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.owner ?? NO_OWNER}>
              <th scope="row">{r.owner ?? NO_OWNER}</th>
              <td className="right num">{formatCount(r.customers)}</td>
              <td>
                <span className="share-pair">
                  <Bar share={r.debt_share} level="error" label={`${formatCount(r.in_debt)} of ${formatCount(r.customers)} customers have an invoice overdue`} />
                  <span className="muted">{plural(r.in_debt, 'customer')}</span>
                </span>
              </td>
              <td>
                <span className="share-pair">
                  <Bar share={r.dispute_share} level="warning" label={`${formatCount(r.in_dispute)} of ${formatCount(r.customers)} customers dispute an invoice`} />
                  <span className="muted">{plural(r.in_dispute, 'customer')}</span>
                </span>
              </td>
              <td>
                {r.overdue.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <span className="amount-list">
                    {r.overdue.map((o) => (
                      <span key={o.currency} className="num">
                        <span className="ccy">{o.currency}</span> {groupDigits(o.amount)}
                      </span>
                    ))}
                  </span>
                )}
              </td>
              <td className="right num">{r.avg_days_to_pay ?? '—'}</td>
              <td className="right num">{r.error_share}%</td>
              <td className="right num">{formatCount(r.adjustments)}</td>
              <td className="right num">
                {formatCount(r.open_queries)}
                {r.median_days_to_answer !== null ? (
                  <div className="muted nowrap" title="median days from raising a query to its answer">
                    {r.median_days_to_answer} d to answer
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
