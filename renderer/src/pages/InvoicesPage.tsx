/** Home: the empty state on first run, otherwise the period's KPIs and invoice grid. */
import { useCallback, useState } from 'react';
import type { ImportFileResult } from '../../../shared/api';
import { Icon } from '../components/Icon';
import { InvoiceGrid } from '../components/InvoiceGrid';
import { JobProgress } from '../components/JobProgress';
import { KpiCards } from '../components/KpiCards';
import { ErrorState, LoadingState, MessageState } from '../components/PageStates';
import { RateCallout } from '../components/RateCallout';
import { Welcome } from '../components/Welcome';
import { useApiQuery } from '../hooks/useApiQuery';
import { navigate } from '../hooks/useHashRoute';
import { useJob } from '../hooks/useJob';
import { formatDuration, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';

export function InvoicesPage() {
  const { status, period, hasData } = useAppState();
  const [welcomeResults, setWelcomeResults] = useState<ImportFileResult[] | null>(null);

  if (!status) return <LoadingState label="Opening the database…" />;
  if (!hasData || welcomeResults) {
    return (
      <div className="page">
        <Welcome results={welcomeResults} onImported={setWelcomeResults} onContinue={() => setWelcomeResults(null)} />
      </div>
    );
  }
  if (!period) {
    return (
      <div className="page">
        <MessageState icon="calendar" title="No billing period has data yet">
          Import usage or hours files to create a period to review.
        </MessageState>
      </div>
    );
  }
  return <PeriodInvoices period={period} rated={status.ratedPeriods.includes(period)} />;
}

function PeriodInvoices({ period, rated }: { period: string; rated: boolean }) {
  const { client, refreshStatus } = useAppState();
  const toast = useToast();
  const invoices = useApiQuery('invoices.list', { period });
  const unbilledUsage = useApiQuery('sources.unbilled', rated ? null : { period, kind: 'usage', offset: 0, limit: 1 });
  const unbilledHours = useApiQuery('sources.unbilled', rated ? null : { period, kind: 'hours', offset: 0, limit: 1 });
  const waiting = unbilledUsage.data && unbilledHours.data ? { usage: unbilledUsage.data.total, hours: unbilledHours.data.total } : null;
  const { job, run, cancel } = useJob();
  const open = useCallback((invoiceId: string) => navigate({ name: 'invoice', invoiceId, lineId: null }), []);

  async function rate() {
    const outcome = await run(`Rating ${periodLabel(period)}`, (jobId) => client.call('period.rate', { jobId, period }));
    if (outcome.ok) {
      const r = outcome.value;
      toast.success(`${plural(r.invoices, 'draft invoice')} and ${plural(r.anomalies, 'anomaly', 'anomalies')} in ${formatDuration(r.durationMs)}.`, `${periodLabel(period)} rated`);
      await refreshStatus();
      invoices.reload();
    } else if (outcome.cancelled) {
      toast.info('Rating was cancelled; the invoices are as they were.', 'Rating cancelled');
    } else {
      toast.error(outcome.error, 'Rating failed');
    }
  }

  const list = invoices.data ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Invoices</h1>
          <p className="page-subtitle">
            {periodLabel(period)} · {rated ? (invoices.data ? plural(list.length, 'invoice') : 'loading…') : 'not rated yet'}
          </p>
        </div>
        {rated ? (
          <div className="page-actions">
            <button type="button" className="btn" onClick={() => void rate()} disabled={job !== null} title="Replace the drafts with a fresh rating">
              <Icon name="refresh" size={14} /> Re-rate
            </button>
          </div>
        ) : null}
      </header>

      {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
      {!rated && !job ? <RateCallout period={period} busy={job !== null} onRate={() => void rate()} waiting={waiting} /> : null}

      {invoices.error ? (
        <div className="card">
          <ErrorState message={invoices.error} onRetry={invoices.reload} />
        </div>
      ) : invoices.loading && !invoices.data ? (
        <div className="card">
          <LoadingState label="Loading invoices…" />
        </div>
      ) : list.length > 0 ? (
        <>
          <KpiCards invoices={list} />
          <InvoiceGrid invoices={list} onOpen={open} />
        </>
      ) : rated ? (
        <div className="card">
          <MessageState icon="invoices" title={`No agreement was active in ${periodLabel(period)}`}>
            Rating found nothing to bill for this month.
          </MessageState>
        </div>
      ) : null}
    </div>
  );
}
