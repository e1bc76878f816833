/**
 * Runs one long API call (demo, import, rating) under a fresh jobId, follows
 * its progress events and offers cancellation through jobs.cancel. Progress is
 * a subscription, not a query; when the job ends the queries it changes are
 * invalidated (and read again) before its outcome is returned.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { newJobId, toApiCallError, type ProgressEvent } from '../api-client';
import type { WriteMethod } from '../data/invalidation';
import { invalidateAfter } from '../data/query-client';
import { useAppState } from '../state/app-state';

export interface JobState {
  jobId: string;
  label: string;
  progress: ProgressEvent | null;
  cancelling: boolean;
}

/** The API methods that run as jobs. */
export type JobMethod = Extract<WriteMethod, 'demo.load' | 'import.files' | 'import.undo' | 'period.rate' | 'export.period' | 'rules.update'>;

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; error: Error };

export function useJob() {
  const { client } = useAppState();
  const queryClient = useQueryClient();
  const [job, setJob] = useState<JobState | null>(null);
  // Jobs the user asked to cancel: their failure is the cancellation, whatever code survived the host bridge.
  const cancelRequested = useRef(new Set<string>());

  useEffect(() => {
    return client.onProgress((event) => {
      setJob((current) => (current && current.jobId === event.job_id ? { ...current, progress: event } : current));
    });
  }, [client]);

  /** `changes` names the API method the work calls: what it changes is read again however the job ended (a failed job may have written part of it). */
  const run = useCallback(
    async <T,>(label: string, changes: JobMethod, work: (jobId: string) => Promise<T>): Promise<JobOutcome<T>> => {
      const jobId = newJobId();
      setJob({ jobId, label, progress: null, cancelling: false });
      try {
        return { ok: true, value: await work(jobId) };
      } catch (error) {
        const apiError = toApiCallError(error);
        return { ok: false, cancelled: apiError.code === 'cancelled' || cancelRequested.current.has(jobId), error: apiError };
      } finally {
        cancelRequested.current.delete(jobId);
        await invalidateAfter(queryClient, changes);
        setJob((current) => (current?.jobId === jobId ? null : current));
      }
    },
    [queryClient],
  );

  const cancel = useCallback(async () => {
    if (!job || job.cancelling) return;
    const { jobId } = job;
    cancelRequested.current.add(jobId);
    setJob((current) => (current?.jobId === jobId ? { ...current, cancelling: true } : current));
    try {
      await client.call('jobs.cancel', { job_id: jobId });
    } catch {
      // the job may have finished in between; its own outcome is what counts
    }
  }, [client, job]);

  return { job, run, cancel };
}
