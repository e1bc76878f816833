/**
 * Runs one long API call (demo, import, rating) under a fresh jobId, follows
 * its progress events and offers cancellation through jobs.cancel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { newJobId, toApiCallError, type ProgressEvent } from '../api-client';
import { useAppState } from '../state/app-state';

export interface JobState {
  jobId: string;
  label: string;
  progress: ProgressEvent | null;
  cancelling: boolean;
}

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; error: Error };

export function useJob() {
  const { client } = useAppState();
  const [job, setJob] = useState<JobState | null>(null);
  const jobRef = useRef<JobState | null>(null);
  jobRef.current = job;
  // Jobs the user asked to cancel: their failure is the cancellation, whatever code survived the host bridge.
  const cancelRequested = useRef(new Set<string>());

  useEffect(() => {
    return client.onProgress((event) => {
      setJob((current) => (current && current.jobId === event.jobId ? { ...current, progress: event } : current));
    });
  }, [client]);

  const run = useCallback(async <T,>(label: string, work: (jobId: string) => Promise<T>): Promise<JobOutcome<T>> => {
    const jobId = newJobId();
    setJob({ jobId, label, progress: null, cancelling: false });
    try {
      return { ok: true, value: await work(jobId) };
    } catch (error) {
      const apiError = toApiCallError(error);
      return { ok: false, cancelled: apiError.code === 'cancelled' || cancelRequested.current.has(jobId), error: apiError };
    } finally {
      cancelRequested.current.delete(jobId);
      setJob((current) => (current?.jobId === jobId ? null : current));
    }
  }, []);

  const cancel = useCallback(async () => {
    const current = jobRef.current;
    if (!current || current.cancelling) return;
    cancelRequested.current.add(current.jobId);
    setJob({ ...current, cancelling: true });
    try {
      await client.call('jobs.cancel', { jobId: current.jobId });
    } catch {
      // the job may have finished in between; its own outcome is what counts
    }
  }, [client]);

  return { job, run, cancel };
}
