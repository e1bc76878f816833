/**
 * The host side of the command worker (worker.ts): one long-lived worker
 * thread per host, started with the first command and started again after a
 * crash. Commands run one at a time in the order they came; each relays its
 * progress under its job id, and `cancel` raises the shared flag (or drops a
 * command still waiting its turn). Reads stay on the host's own connection.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ProgressEvent } from '../../../shared/api';
import type { CommandName, CommandResult, RequestOf } from '../commands/registry';
import type { Previewed } from '../commands/run-command';
import { CancelledError, JobFailedError } from '../errors';
import type { WorkerInput, WorkerMessage, WorkerRequest } from './worker';

export interface CommandWorkerOptions {
  workerPath: string;
  dbPath: string;
  nativeBinding?: string;
  onProgress(event: ProgressEvent): void;
}

interface Queued {
  message: WorkerRequest;
  jobId: string;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export class CommandWorker {
  private worker: Worker | undefined;
  private readonly cancelFlag = new SharedArrayBuffer(4);
  private readonly waiting: Queued[] = [];
  private current: Queued | undefined;
  private nextId = 1;

  constructor(private readonly options: CommandWorkerOptions) {}

  /** `actor` names who runs the command (the reviewer name set in Settings, or the host's default). */
  run<N extends CommandName>(request: RequestOf<N>, jobId: string = randomUUID(), actor: string): Promise<CommandResult<N>> {
    return this.queue<CommandResult<N>>(request, jobId, actor, false);
  }

  /** The command as a preview (run-command.ts previewCommand): its result and impact, nothing kept. */
  preview<N extends CommandName>(request: RequestOf<N>, jobId: string = randomUUID(), actor: string): Promise<Previewed<N>> {
    return this.queue<Previewed<N>>(request, jobId, actor, true);
  }

  private queue<T>(request: RequestOf<CommandName>, jobId: string, actor: string, preview: boolean): Promise<T> {
    if (this.current?.jobId === jobId || this.waiting.some((q) => q.jobId === jobId)) return Promise.reject(new Error(`job ${jobId} is already running`));
    return new Promise<T>((resolve, reject) => {
      const message: WorkerRequest = { id: this.nextId++, request: request as WorkerRequest['request'], actor, ...(preview ? { preview } : {}) };
      this.waiting.push({ message, jobId, resolve: resolve, reject });
      this.next();
    });
  }

  cancel(jobId: string): boolean {
    if (this.current?.jobId === jobId) {
      Atomics.store(new Int32Array(this.cancelFlag), 0, 1);
      return true;
    }
    const index = this.waiting.findIndex((q) => q.jobId === jobId);
    if (index < 0) return false;
    this.waiting.splice(index, 1)[0]!.reject(new CancelledError());
    return true;
  }

  /** Stops the thread (the host is closing); a command still running is rolled back by SQLite. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private next(): void {
    if (this.current || this.waiting.length === 0) return;
    const queued = this.waiting.shift()!;
    this.current = queued;
    Atomics.store(new Int32Array(this.cancelFlag), 0, 0);
    try {
      this.started().postMessage(queued.message);
    } catch (error) {
      this.finish((q) => q.reject(error));
    }
  }

  private finish(settle: (queued: Queued) => void): void {
    const queued = this.current;
    this.current = undefined;
    if (queued) settle(queued);
    this.next();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const { workerPath, dbPath, nativeBinding } = this.options;
    const onProgress = (event: ProgressEvent) => this.options.onProgress(event);
    const worker = new Worker(workerPath, { workerData: { dbPath, cancelFlag: this.cancelFlag, ...(nativeBinding ? { nativeBinding } : {}) } satisfies WorkerInput });
    // An idle worker does not keep the host's process alive.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      const queued = this.current;
      if (!queued || message.id !== queued.message.id) return;
      if (message.type === 'progress') onProgress({ job_id: queued.jobId, phase: message.phase, done: message.done, total: message.total });
      else if (message.type === 'done') this.finish((q) => q.resolve(message.result));
      else this.finish((q) => q.reject(new JobFailedError(message.error)));
    });
    const lost = (error: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.finish((q) => q.reject(error));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the command worker stopped unexpectedly (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
