/**
 * Sales owner league table: whose deals cause billing problems. Per agreement
 * owner: accounts, invoices, the share with an error (open or reviewed), adjustments made,
 * and the amounts involved (per currency; never added across currencies).
 */
import type { LeagueRow, PerCurrency } from '../../../shared/api';
import { CreditLeague } from '../components/credit-league';
import { OwnerQueries } from '../components/owner-queries';
import { Loaded, MessageState, PageHeader } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { useApi } from '../data/use-api';
import { hrefFor } from '../hooks/use-hash-route';
import { formatCount, groupDigits, periodLabel } from '../lib/format';
import { INVOICES_WITH_ERROR_LABEL, INVOICES_WITH_ERROR_MEANING } from '../lib/review-figures';

export function LeaguePage() {
  return <PeriodGate title="Owners">{(period) => <League period={period} />}</PeriodGate>;
}

const NO_OWNER = '(no owner)';

function Amounts({ amounts }: { amounts: PerCurrency }) {
  if (amounts.length === 0) return <span className="muted">—</span>;
  return (
    <span className="amount-list">
      {amounts.map((a) => (
        <span key={a.currency} className="num">
          <span className="ccy">{a.currency}</span> {groupDigits(a.amount)}
        </span>
      ))}
    </span>
  );
}

function ShareBar({ row }: { row: LeagueRow }) {
  const share = Number(row.error_share);
  const level = share >= 25 ? 'error' : share >= 10 ? 'warning' : 'ok';
  return (
    <span className="share" title={`${formatCount(row.invoices_with_errors)} of ${formatCount(row.invoices)} invoices have an error (open or reviewed)`}>
      <span className="share-track" aria-hidden="true">
        <span className={`share-fill share-${level}`} style={{ width: `${Math.min(100, share)}%` }} />
      </span>
      <span className="num">{row.error_share}%</span>
    </span>
  );
}

function League({ period }: { period: string }) {
  const query = useApi('league.table', { period });
  return (
    <div className="page">
      <PageHeader title="Owners" subtitle={`${periodLabel(period)} · whose deals cause billing problems, worst first`} />
      <Loaded query={query}>{(rows) => <LeagueTable rows={rows} period={period} />}</Loaded>
      <CreditLeague period={period} />
      <OwnerQueries />
    </div>
  );
}

function LeagueTable({ rows, period }: { rows: LeagueRow[]; period: string }) {
  return rows.length === 0 ? (
    <div className="card">
      <MessageState icon="trophy" title="No invoices in this period" />
    </div>
  ) : (
    <section className="card" aria-label="Owner league table">
      <div className="table-wrap">
        <table className="table league-table" data-testid="league-table">
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col" className="right">
                Accounts
              </th>
              <th scope="col" className="right">
                Invoices
              </th>
              <th scope="col" title={INVOICES_WITH_ERROR_MEANING}>
                {INVOICES_WITH_ERROR_LABEL}
              </th>
              <th scope="col" className="right">
                Adjustments
              </th>
              <th scope="col">Adjusted</th>
              <th scope="col">Billed</th>
              <th scope="col">Billed on invoices with an error</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const owner = r.owner ?? NO_OWNER;
              return (
                <tr key={owner}>
                  <th scope="row">
                    <a href={hrefFor({ name: 'invoices', period, filter: { owner } })} title={`Invoices of ${owner}`}>
                      {owner}
                    </a>
                  </th>
                  <td className="right num">{formatCount(r.accounts)}</td>
                  <td className="right num">{formatCount(r.invoices)}</td>
                  <td>
                    {r.invoices_with_errors ? (
                      <a href={hrefFor({ name: 'anomalies', period, filter: { owner, severity: 'error' } })} className="plain-link">
                        <ShareBar row={r} />
                      </a>
                    ) : (
                      <ShareBar row={r} />
                    )}
                  </td>
                  <td className="right num">{formatCount(r.adjustments)}</td>
                  <td>
                    <Amounts amounts={r.adjusted} />
                  </td>
                  <td>
                    <Amounts amounts={r.billed} />
                  </td>
                  <td>
                    <Amounts amounts={r.with_errors} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
