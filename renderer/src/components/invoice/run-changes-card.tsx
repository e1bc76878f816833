/**
 * "What changed since the last run, and why": this invoice's lines in its
 * period's previous bill run next to the latest, with the causes, and its
 * lines next to last month's invoice of the same agreement. Names the
 * agreement version the invoice was rated with.
 */
import { memo, useState } from 'react';
import { useApi } from '../../data/use-api';
import { hrefFor } from '../../hooks/use-hash-route';
import { groupDigits, periodShort } from '../../lib/format';
import { CauseList, LineComparison } from '../runs/run-diff-view';

export const RunChangesCard = memo(function RunChangesCard({ invoiceId, period }: { invoiceId: string; period: string }) {
  const query = useApi('invoices.changes', { invoice_id: invoiceId });
  const [view, setView] = useState<'run' | 'month'>('run');
  const changes = query.data;
  if (!changes) return null;
  const { since_last_run: sinceLastRun, last_month: lastMonth } = changes;
  const mine = sinceLastRun.invoices[0];
  return (
    <section className="card" aria-label="What changed since the last run, and why" data-testid="run-changes">
      <div className="card-header">
        <h2 className="card-title">What changed since the last run, and why</h2>
        <span className="card-subtitle">
          {changes.version !== null ? `rated with agreement version ${changes.version}` : 'no bill run recorded'}
          {sinceLastRun.to ? (
            <>
              {' · '}
              <a href={hrefFor({ name: 'runs', period })}>run history</a>
            </>
          ) : null}
        </span>
      </div>
      <div className="card-body segmented-row">
        <div className="segmented" role="radiogroup" aria-label="Compare with">
          <button type="button" role="radio" aria-checked={view === 'run'} className="segment" onClick={() => setView('run')}>
            Previous run
          </button>
          <button type="button" role="radio" aria-checked={view === 'month'} className="segment" onClick={() => setView('month')}>
            Last month ({periodShort(lastMonth.period)})
          </button>
        </div>
      </div>
      <div className="card-body">
        {view === 'run' ? (
          !sinceLastRun.from ? (
            <p className="muted">This is the first run of the period: there is nothing earlier to compare with.</p>
          ) : !mine ? (
            <p className="muted">
              Nothing changed on this invoice between run {sinceLastRun.from.run_id} and run {sinceLastRun.to?.run_id}.
            </p>
          ) : (
            <>
              <p className="muted">
                Run {sinceLastRun.from.run_id} → run {sinceLastRun.to?.run_id}: total {groupDigits(mine.before?.total ?? '0')} → {groupDigits(mine.after?.total ?? '0')}
              </p>
              {mine.lines.length ? <LineComparison lines={mine.lines} before="before" after="now" /> : null}
              <CauseList causes={mine.causes} />
            </>
          )
        ) : lastMonth.invoice_id === null ? (
          <p className="muted">The agreement has no invoice for {periodShort(lastMonth.period)}.</p>
        ) : (
          <>
            <p className="muted">
              <a href={hrefFor({ name: 'invoice', invoiceId: lastMonth.invoice_id, lineKey: null })}>{lastMonth.invoice_id}</a> total {groupDigits(lastMonth.total ?? '0')}
            </p>
            <LineComparison lines={lastMonth.lines} before={periodShort(lastMonth.period)} after={periodShort(period)} />
          </>
        )}
      </div>
    </section>
  );
});
