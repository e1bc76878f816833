/** Runs a job in a worker thread and relays its progress; `cancel` raises the shared flag. */
import { Worker } from 'node:worker_threads';
import { JobFailedError } from '../errors';
import type { JobRequest, JobResult } from './jobs';
import type { WorkerInput, WorkerMessage } from './worker';

export interface RunningJob {
  promise: Promise<JobResult>;
  cancel(): void;
}

export function runInWorker(
  workerPath: string,
  input: Omit<WorkerInput, 'cancelFlag' | 'request'>,
  request: JobRequest,
  onProgress: (phase: string, done: number, total: number) => void,
): RunningJob {
  const cancelFlag = new SharedArrayBuffer(4);
  const worker = new Worker(workerPath, { workerData: { ...input, request, cancelFlag } satisfies WorkerInput });
  const promise = new Promise<JobResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.phase, message.done, message.total);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.result as JobResult);
      } else {
        settled = true;
        reject(new JobFailedError(message.error));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the job worker stopped unexpectedly (exit code ${code})`));
    });
  });
  return { promise, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
}
