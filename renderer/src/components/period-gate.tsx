/**
 * What every period page shows before it has something to show: the first-run
 * welcome, "no data yet", or a period that still has to be rated (with the
 * button that rates it). Once the period is rated, the page itself renders.
 */
import { useState, type ReactNode } from 'react';
import type { ImportFileResult } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { useRating } from '../hooks/use-rating';
import { useAppState } from '../state/app-state';
import { usePeriod } from '../state/period';
import { JobProgress } from './job-progress';
import { LoadingState, MessageState } from './page-states';
import { RateCallout } from './rate-callout';
import { Welcome } from './welcome';

function Unrated({ period }: { period: string }) {
  const unbilledUsage = useApi('sources.unbilled', { period, kind: 'usage', offset: 0, limit: 1 });
  const unbilledHours = useApi('sources.unbilled', { period, kind: 'hours', offset: 0, limit: 1 });
  const waiting = unbilledUsage.data && unbilledHours.data ? { usage: unbilledUsage.data.total, hours: unbilledHours.data.total } : null;
  const { job, rate, cancel } = useRating();
  return job ? <JobProgress job={job} onCancel={() => void cancel()} /> : <RateCallout period={period} busy={false} onRate={() => void rate(period)} waiting={waiting} />;
}

export function PeriodGate({ title, children }: { title: string; children: (period: string) => ReactNode }) {
  const { status, hasData } = useAppState();
  const period = usePeriod();
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
  if (!status.rated_periods.includes(period)) {
    return (
      <div className="page">
        <header className="page-header">
          <div>
            <h1 className="page-title">{title}</h1>
          </div>
        </header>
        <Unrated period={period} />
      </div>
    );
  }
  return <>{children(period)}</>;
}
