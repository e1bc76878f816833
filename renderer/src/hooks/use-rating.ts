/** Rates a period as a cancellable job and tells the user how it went. */
import { useCallback } from 'react';
import { formatDuration, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { useJob } from './use-job';

export function useRating() {
  const { client } = useAppState();
  const toast = useToast();
  const { job, run, cancel } = useJob();

  const rate = useCallback(
    async (period: string) => {
      const outcome = await run(`Rating ${periodLabel(period)}`, 'period.rate', (jobId) => client.call('period.rate', { jobId, period }));
      if (outcome.ok) {
        const r = outcome.value;
        toast.success(`${plural(r.invoices, 'draft invoice')} and ${plural(r.anomalies, 'anomaly', 'anomalies')} in ${formatDuration(r.durationMs)}.`, `${periodLabel(period)} rated`);
      } else if (outcome.cancelled) {
        toast.info('Rating was cancelled; the invoices are as they were.', 'Rating cancelled');
      } else {
        toast.error(outcome.error, 'Rating failed');
      }
    },
    [client, run, toast],
  );

  return { job, rate, cancel };
}
