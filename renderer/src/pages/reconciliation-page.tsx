/**
 * Reconciliation: every usage record and billable hour of the period is
 * accounted for as billed, unbilled (with the anomaly that explains it) or
 * rejected, and every file's rows add up. A red mark is a gap to chase.
 */
import type { Reconciliation } from '../../../shared/api';
import { Icon } from '../components/icon';
import { ImportResultsTable } from '../components/import-results-table';
import { Loaded, PageHeader } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { useApi } from '../data/use-api';
import { hrefFor } from '../hooks/use-hash-route';
import { formatCount, groupDigits, humanize, periodLabel, plural } from '../lib/format';

export function ReconciliationPage() {
  return <PeriodGate title="Reconciliation">{(period) => <Reconcile period={period} />}</PeriodGate>;
}

/** A mark that reads as words: a plain span may not carry an aria-label, so the words are visually hidden text. */
function Check({ ok }: { ok: boolean }) {
  return ok ? (
    <span className="check-ok">
      <Icon name="check" size={14} />
      <span className="sr-only">balanced</span>
    </span>
  ) : (
    <span className="check-bad">
      <Icon name="x" size={14} />
      <span className="sr-only">does not balance</span>
    </span>
  );
}

function Flow({ title, rows }: { title: string; rows: [string, number, string?][] }) {
  return (
    <div className="recon-flow">
      <h3 className="section-title">{title}</h3>
      <table className="table">
        <tbody>
          {rows.map(([label, n, note]) => (
            <tr key={label}>
              <td>
                {label}
                {note ? <div className="muted small">{note}</div> : null}
              </td>
              <td className="right num">{formatCount(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Unbilled({ r, period }: { r: Reconciliation; period: string }) {
  const groups = [
    ...r.usage.unbilled_groups.map((g) => ({
      key: `u-${g.account_id}-${g.metric}`,
      account: g.account_id,
      what: humanize(g.metric),
      count: plural(g.rows, 'record'),
      amount: groupDigits(g.quantity),
      ...g,
    })),
    ...r.hours.unbilled_groups.map((g) => ({
      key: `h-${g.account_id}-${g.kind}`,
      account: g.account_id,
      what: `${humanize(g.kind)} hours`,
      count: plural(g.entries, 'entry', 'entries'),
      amount: `${groupDigits(g.hours)} h`,
      ...g,
    })),
  ];
  if (groups.length === 0) return <div className="card-body muted">Everything dated in {periodLabel(period)} was billed or rejected.</div>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="recon-unbilled">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">What</th>
            <th scope="col" className="right">
              Rows
            </th>
            <th scope="col" className="right">
              Quantity
            </th>
            <th scope="col">Why (anomaly)</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <td>{g.account}</td>
              <td>{g.what}</td>
              <td className="right num">{g.count}</td>
              <td className="right num">{g.amount}</td>
              <td>
                {g.rule === 'period_closed' ? (
                  <span title={g.message ?? undefined}>{g.message}</span>
                ) : g.rule ? (
                  <a href={hrefFor({ name: 'anomalies', period, filter: { rule: g.rule } })} title={g.message ?? undefined}>
                    {g.rule}
                  </a>
                ) : (
                  <span className="check-bad">no anomaly explains it</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Reconcile({ period }: { period: string }) {
  const query = useApi('reconciliation.period', { period });
  return (
    <div className="page">
      <PageHeader title="Reconciliation" subtitle={`${periodLabel(period)} · every imported row accounted for`} />
      <Loaded query={query}>{(r) => <Accounting r={r} period={period} />}</Loaded>
    </div>
  );
}

function Accounting({ r, period }: { r: Reconciliation; period: string }) {
  return (
    <>
      <div className={`callout ${r.in_order ? 'callout-ok' : ''}`} data-testid="recon-verdict">
        <div className="callout-icon">
          <Check ok={r.in_order} />
        </div>
        <div className="callout-body">
          <div className="callout-title">
            {!r.balanced
              ? 'Something does not add up'
              : r.unexplained > 0
                ? `${formatCount(r.unexplained)} unbilled ${r.unexplained === 1 ? 'row is' : 'rows are'} not explained by any anomaly`
                : 'Every row is accounted for'}
          </div>
          <div className="callout-text">
            Usage: {formatCount(r.usage.billed)} billed + {formatCount(r.usage.unbilled)} unbilled
            {r.usage.excluded ? ` + ${formatCount(r.usage.excluded)} excluded by reviewer` : ''} = {formatCount(r.usage.rows)} records dated in the period
            {r.usage.rejected ? `, plus ${formatCount(r.usage.rejected)} rejected` : ''}.
            {r.usage_rollups
              ? ` Usage rollups: ${formatCount(r.usage_rollups.billed)} billed + ${formatCount(r.usage_rollups.unbilled)} unbilled = ${formatCount(r.usage_rollups.rows)} daily rollups standing for ${formatCount(r.usage_rollups.records)} records${r.usage_rollups.rejected ? `, plus ${formatCount(r.usage_rollups.rejected)} rejected` : ''}.`
              : ''}{' '}
            Hours: {formatCount(r.hours.billed)} billed +{' '}
            {formatCount(r.hours.unbilled)} unbilled{r.hours.excluded ? ` + ${formatCount(r.hours.excluded)} excluded by reviewer` : ''} + {formatCount(r.hours.non_billable)} non-billable = {formatCount(r.hours.entries)} entries
            {r.hours.rejected ? `, plus ${formatCount(r.hours.rejected)} rejected` : ''}.
          </div>
        </div>
      </div>
      <section className="card" aria-label="Row accounting">
        <div className="card-header">
          <h2 className="card-title">Rows of the period</h2>
        </div>
        <div className="two-col card-body">
          <Flow
            title="Usage records"
            rows={[
              ['Dated in the period', r.usage.rows],
              ['Billed on an invoice', r.usage.billed],
              ['Unbilled', r.usage.unbilled, 'each group below names the anomaly that explains it'],
              ['Excluded by reviewer', r.usage.excluded, 'listed below with who excluded each and why'],
              ['Rejected on import', r.usage.rejected, 'see Import › Rejected rows'],
            ]}
          />
          <Flow
            title="Time entries"
            rows={[
              ['Dated in the period', r.hours.entries],
              ['Non-billable (not charged by design)', r.hours.non_billable],
              ['Billed on an invoice', r.hours.billed],
              ['Billable but unbilled', r.hours.unbilled],
              ['Excluded by reviewer', r.hours.excluded],
              ['Rejected on import', r.hours.rejected],
            ]}
          />
        </div>
      </section>
      <section className="card" aria-label="Unbilled rows">
        <div className="card-header">
          <h2 className="card-title">Unbilled, and why</h2>
        </div>
        <Unbilled r={r} period={period} />
      </section>
      {r.excluded_rows.length ? (
        <section className="card" aria-label="Excluded by reviewer">
          <div className="card-header">
            <h2 className="card-title">Excluded by reviewer</h2>
            <span className="card-subtitle">not billed, on purpose</span>
          </div>
          <div className="table-wrap">
            <table className="table" data-testid="recon-excluded">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Account</th>
                  <th scope="col">What</th>
                  <th scope="col" className="right">
                    Quantity
                  </th>
                  <th scope="col">Excluded by</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {r.excluded_rows.map((x) => (
                  <tr key={x.correction_id}>
                    <td className="mono">
                      {x.source_kind}:{x.source_id}
                    </td>
                    <td>{x.account_id}</td>
                    <td>{humanize(x.item)}</td>
                    <td className="right num">{groupDigits(x.quantity)}</td>
                    <td>{x.actor}</td>
                    <td>{x.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="card" aria-label="Files">
        <div className="card-header">
          <h2 className="card-title">Files</h2>
          <span className="card-subtitle">rows = imported + duplicates + rejected</span>
        </div>
        <ImportResultsTable
          results={r.files}
          caption="Files of the period"
          testId="recon-files"
          last={{ header: 'Balances', cell: (f) => <Check ok={f.balanced} /> }}
        />
      </section>
    </>
  );
}
