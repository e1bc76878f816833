/**
 * The period at a glance: what was billed, what is where in the review, what
 * needs attention, and the charts that lead to it. Every figure is a stored
 * amount summed exactly by the engine; every card and chart element is a link
 * to the rows behind it.
 */
import { useState } from 'react';
import type { DashboardSummary } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/domain';
import { previousPeriod } from '../../../shared/period';
import { AnomalyChart } from '../components/anomaly-chart';
import { BilledByMonthChart } from '../components/charts/billed-by-month-chart';
import { MoversChart } from '../components/charts/movers-chart';
import { JobProgress } from '../components/job-progress';
import { CurrencyRows } from '../components/kpi-cards';
import { Loaded, PageHeader } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { lockedTitle, PeriodLockControl, usePeriodLock } from '../components/period-lock';
import { RerateButton } from '../components/rerate-button';
import { ChangePreview } from '../components/change-preview';
import { TermWatchCard } from '../components/term-watch-card';
import { useApi } from '../data/use-api';
import { hrefFor, navigate } from '../hooks/use-hash-route';
import { useRating } from '../hooks/use-rating';
import { formatCount, groupDigits, periodLabel, periodShort, plural } from '../lib/format';
import { OPEN_SEVERITY_LABEL, STATUS_BUCKET_FILTER, STATUS_BUCKET_LABEL, STATUS_BUCKETS } from '../lib/review-figures';
import { ReceivablesCards } from '../components/receivables-cards';

export function DashboardPage() {
  return <PeriodGate title="Dashboard">{(period) => <Dashboard period={period} />}</PeriodGate>;
}

function Kpis({ d }: { d: DashboardSummary }) {
  const p = d.period;
  const invoiceCount = STATUS_BUCKETS.reduce((n, b) => n + d.status[b], 0);
  const atRiskInvoices = d.at_risk.reduce((n, r) => n + r.invoices, 0);
  return (
    <section className="kpis kpis-5" aria-label="Period summary">
      <div className="card kpi">
        <div className="kpi-label">Billed</div>
        <CurrencyRows
          rows={d.billed.map((b) => ({
            currency: b.currency,
            amount: b.total,
            note: `${plural(b.invoices, 'invoice')} · due ${groupDigits(b.amount_due)}`,
          }))}
          testId="kpi-billed"
        />
      </div>
      <div className="card kpi" data-testid="kpi-status">
        <div className="kpi-label">Invoices</div>
        <div className="kpi-rows">
          {STATUS_BUCKETS.map((b) => (
            <a key={b} className="kpi-row kpi-link" href={hrefFor({ name: 'invoices', period: p, filter: { status: STATUS_BUCKET_FILTER[b] } })}>
              <span className="label">
                <span className={`dot dot-${b}`} aria-hidden="true" />
                {STATUS_BUCKET_LABEL[b]}
              </span>
              <span className="value" data-testid={`dash-${b}`}>
                {formatCount(d.status[b])}
              </span>
            </a>
          ))}
        </div>
        <div className="kpi-foot">{plural(invoiceCount, 'invoice')} in all</div>
      </div>
      <div className="card kpi" data-testid="kpi-anomalies">
        <div className="kpi-label">Open findings</div>
        <div className="kpi-rows">
          {SEVERITIES.map((s) => (
            <a key={s} className="kpi-row kpi-link" href={hrefFor({ name: 'anomalies', period: p, filter: { severity: s, status: 'open' } })}>
              <span className="label">
                <span className={`dot dot-${s}`} aria-hidden="true" />
                {OPEN_SEVERITY_LABEL[s]}
              </span>
              <span className="value" data-testid={`dash-open-${s}`}>
                {formatCount(d.open_anomalies[s])}
              </span>
            </a>
          ))}
        </div>
      </div>
      <a className="card kpi kpi-card-link" href={hrefFor({ name: 'invoices', period: p, filter: { severity: 'flagged' } })} data-testid="kpi-at-risk">
        <div className="kpi-label">Amount at risk</div>
        <CurrencyRows rows={d.at_risk.map((r) => ({ currency: r.currency, amount: r.amount }))} testId="kpi-at-risk-amounts" />
        <div className="kpi-foot">{atRiskInvoices ? `${plural(atRiskInvoices, 'invoice')} with open errors or warnings` : 'nothing flagged'}</div>
      </a>
      <a className="card kpi kpi-card-link" href={hrefFor({ name: 'reconciliation', period: p })} data-testid="kpi-unbilled">
        <div className="kpi-label">Unbilled</div>
        <div className="kpi-rows">
          <div className="kpi-row">
            <span className="label">Usage records</span>
            <span className="value">{formatCount(d.unbilled.usage_records)}</span>
          </div>
          <div className="kpi-row">
            <span className="label">Time entries</span>
            <span className="value">{formatCount(d.unbilled.hours_entries)}</span>
          </div>
        </div>
        <div className="kpi-foot">{groupDigits(d.unbilled.hours)} h billable but not billed</div>
      </a>
    </section>
  );
}

function Dashboard({ period }: { period: string }) {
  const [currency, setCurrency] = useState<string | null>(null);
  const query = useApi('dashboard.summary', { period, ...(currency ? { currency } : {}) });
  const { job, cancel, preview, previewRate, confirmRate, cancelRate } = useRating();
  const lock = usePeriodLock(period);
  const d = query.data;
  return (
    <div className="page">
      <PageHeader
        title="Dashboard"
        subtitle={`${periodLabel(period)} · what was billed and what needs a second look`}
        actions={
          <>
            {d && d.currencies.length > 1 ? (
              <label className="field-row">
                <span className="label">Charts in</span>
                <select className="select" value={d.currency ?? ''} onChange={(e) => setCurrency(e.target.value)} data-testid="chart-currency">
                  {d.currencies.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <PeriodLockControl period={period} />
            <RerateButton onClick={() => void previewRate(period)} disabled={job !== null || preview !== null || lock !== null} {...(lock ? { title: lockedTitle(lock) } : {})} />
          </>
        }
      />
      {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
      {preview ? (
        <ChangePreview title={`Re-rate ${periodLabel(preview.period)}?`} impact={preview.impact} confirmLabel="Re-rate" onConfirm={() => void confirmRate()} onCancel={cancelRate} />
      ) : null}
      <Loaded query={query}>
        {(d) => (
          <>
            <Kpis d={d} />
            <ReceivablesCards />
            <TermWatchCard watch={d.term_watch} period={period} />
            <div className="dash-grid">
              <section className="card" aria-label="Billed per month">
                <div className="card-header">
                  <h2 className="card-title">Billed per month by charge kind</h2>
                  <span className="card-subtitle">{d.currency ? `${d.currency} · click a month to open it` : '—'}</span>
                </div>
                {d.currency ? (
                  <BilledByMonthChart data={d.by_month} currency={d.currency} current={period} onPick={(p) => navigate({ name: 'dashboard', period: p })} />
                ) : null}
              </section>
              <section className="card" aria-label="Biggest movers">
                <div className="card-header">
                  <h2 className="card-title">Biggest movers</h2>
                  <span className="card-subtitle">
                    {d.currency ? `${d.currency} totals against ${periodShort(previousPeriod(period))} · click to open` : '—'}
                  </span>
                </div>
                {d.movers.length && d.currency ? (
                  <MoversChart movers={d.movers} currency={d.currency} onOpen={(invoiceId) => navigate({ name: 'invoice', invoiceId, lineKey: null })} />
                ) : (
                  <div className="card-body muted">No invoice of the previous period to compare with.</div>
                )}
              </section>
            </div>
            <section className="card" aria-label="Anomalies by rule">
              <div className="card-header">
                <h2 className="card-title">Anomalies by rule</h2>
                <span className="card-subtitle">click a rule to list its findings</span>
              </div>
              {d.anomalies_by_rule.length ? (
                <AnomalyChart byRule={d.anomalies_by_rule} onPick={(rule) => navigate({ name: 'anomalies', period, filter: { rule } })} />
              ) : (
                <div className="card-body muted">Every rule passed.</div>
              )}
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
