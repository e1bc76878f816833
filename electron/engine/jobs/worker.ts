/**
 * The job worker thread: its own database connection, so heavy work never
 * blocks the main process's event loop. Cancellation arrives through a shared
 * flag the engine polls between chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/open';
import { describeError } from '../api/describe-error';
import { createJobContext } from '../job-context';
import { runJob, type JobRequest } from './jobs';

export interface WorkerInput {
  dbPath: string;
  nativeBinding?: string;
  actor: string;
  request: JobRequest;
  /** Int32Array over a SharedArrayBuffer; non-zero means cancel */
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ReturnType<typeof describeError> };

async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  const flag = new Int32Array(input.cancelFlag);
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  const opened = openDatabase(input.dbPath, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});
  try {
    const ctx = createJobContext({
      actor: input.actor,
      onProgress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
      isCancelled: () => Atomics.load(flag, 0) !== 0,
    });
    post({ type: 'done', result: await runJob(opened.sqlite, input.request, ctx) });
  } catch (error) {
    post({ type: 'error', error: describeError(error) });
  } finally {
    opened.close();
  }
}

void main();
