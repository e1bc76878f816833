/**
 * The host's command worker thread: one per host, started with the first
 * command and kept, with its own database connection, so heavy work never
 * blocks the main process's event loop. It runs the commands it is sent one
 * after another (the host sends one at a time anyway); cancellation arrives
 * through a flag shared with the host, which the engine polls between chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/open';
import type { ApiError } from '../../../shared/api';
import { describeError } from '../describe-error';
import { previewCommand, runCommand } from '../commands/run-command';
import type { CommandName, CommandRequest, RequestOf } from '../commands/registry';
import { createJobContext } from '../job-context';

export interface WorkerInput {
  dbPath: string;
  nativeBinding?: string;
  /** Int32Array over a SharedArrayBuffer; non-zero means cancel the running command */
  cancelFlag: SharedArrayBuffer;
}

export interface WorkerRequest {
  id: number;
  request: CommandRequest;
  actor: string;
  /** run it as a preview: answer its result and impact, keep nothing */
  preview?: boolean;
}

export type WorkerMessage =
  | { type: 'progress'; id: number; phase: string; done: number; total: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ApiError };

const input = workerData as WorkerInput;
const flag = new Int32Array(input.cancelFlag);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
const opened = openDatabase(input.dbPath, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});

async function execute({ id, request, actor, preview }: WorkerRequest): Promise<void> {
  const ctx = createJobContext({
    actor,
    onProgress: (phase, done, total) => post({ type: 'progress', id, phase, done, total }),
    isCancelled: () => Atomics.load(flag, 0) !== 0,
  });
  try {
    const typed = request as RequestOf<CommandName>;
    post({ type: 'done', id, result: preview ? await previewCommand(opened.sqlite, typed, ctx) : await runCommand(opened.sqlite, typed, ctx) });
  } catch (error) {
    const described = describeError(error);
    // The person sees the sentence; the host's log keeps the stack of what was not foreseen.
    if (described.code === 'failed') console.error(`[command] ${request.name} failed:`, error);
    post({ type: 'error', id, error: described });
  }
}

let queue = Promise.resolve();
port.on('message', (message: WorkerRequest) => {
  queue = queue.then(() => execute(message));
});
