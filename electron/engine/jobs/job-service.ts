/**
 * Keeps track of running jobs for a host: starts each in a worker thread,
 * forwards progress to the host's listeners (IPC or server-sent events), and
 * cancels by job id.
 */
import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../../shared/api';
import type { JobRequest, JobResult } from './jobs';
import { runInWorker, type RunningJob } from './worker-runner';

export interface JobServiceOptions {
  workerPath: string;
  dbPath: string;
  actor: string;
  nativeBinding?: string;
  onProgress: (event: ProgressEvent) => void;
}

export class JobService {
  private readonly running = new Map<string, RunningJob>();

  constructor(private readonly options: JobServiceOptions) {}

  /** `actor` names who started this job when it is not the host's default (a reviewer name set in Settings). */
  async run(request: JobRequest, jobId: string = randomUUID(), actor: string = this.options.actor): Promise<JobResult> {
    if (this.running.has(jobId)) throw new Error(`job ${jobId} is already running`);
    const { workerPath, dbPath, nativeBinding, onProgress } = this.options;
    const job = runInWorker(workerPath, { dbPath, actor, ...(nativeBinding ? { nativeBinding } : {}) }, request, (phase, done, total) =>
      onProgress({ jobId, phase, done, total }),
    );
    this.running.set(jobId, job);
    try {
      return await job.promise;
    } finally {
      this.running.delete(jobId);
    }
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    job?.cancel();
    return job !== undefined;
  }
}
