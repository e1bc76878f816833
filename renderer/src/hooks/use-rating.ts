/**
 * Rates a period as a cancellable job and tells the user how it went. A
 * re-rate is previewed first (change-control.md): `previewRate` measures what
 * it would change, and `confirmRate` / `cancelRate` apply it or drop it.
 */
import { useCallback, useState } from 'react';
import type { ChangeImpact } from '../../../shared/api';
import { previewChange } from '../data/preview-change';
import { formatDuration, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { useJob } from './use-job';

export function useRating() {
  const { client } = useAppState();
  const toast = useToast();
  const { job, run, cancel } = useJob();
  const [preview, setPreview] = useState<{ period: string; impact: ChangeImpact } | null>(null);

  const rate = useCallback(
    async (period: string) => {
      const outcome = await run(`Rating ${periodLabel(period)}`, 'period.rate', (jobId) => client.call('period.rate', { job_id: jobId, period }));
      if (outcome.ok) {
        const r = outcome.value;
        toast.success(`${plural(r.invoices, 'draft invoice')} and ${plural(r.anomalies, 'anomaly', 'anomalies')} in ${formatDuration(r.duration_ms)}.`, `${periodLabel(period)} rated`);
      } else if (outcome.cancelled) {
        toast.info('Rating was cancelled; the invoices are as they were.', 'Rating cancelled');
      } else {
        toast.error(outcome.error, 'Rating failed');
      }
    },
    [client, run, toast],
  );

  const previewRate = useCallback(
    async (period: string) => {
      const outcome = await run(`Previewing a re-rate of ${periodLabel(period)}`, 'period.rate', (jobId) => previewChange(client, { method: 'period.rate', args: { job_id: jobId, period } }));
      if (outcome.ok) setPreview({ period, impact: outcome.value.impact });
      else if (!outcome.cancelled) toast.error(outcome.error, 'Re-rate preview failed');
    },
    [client, run, toast],
  );

  const confirmRate = useCallback(async () => {
    if (!preview) return;
    setPreview(null);
    await rate(preview.period);
  }, [preview, rate]);

  const cancelRate = useCallback(() => setPreview(null), []);

  return { job, rate, cancel, preview, previewRate, confirmRate, cancelRate };
}
