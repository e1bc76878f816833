/**
 * What long work (import, rating, export) is given: who is acting, a progress
 * reporter throttled to one report per 250 ms, and a cancellation check that
 * throws so the surrounding transaction rolls back.
 */
import { CancelledError } from './errors';

export interface JobContext {
  actor: string;
  progress(phase: string, done: number, total: number): void;
  /** throws CancelledError once cancellation was requested */
  checkCancelled(): void;
}

export interface JobContextOptions {
  actor: string;
  onProgress?: (phase: string, done: number, total: number) => void;
  isCancelled?: () => boolean;
  intervalMs?: number;
}

export function createJobContext(options: JobContextOptions): JobContext {
  const interval = options.intervalMs ?? 250;
  let last = 0;
  let lastPhase = '';
  return {
    actor: options.actor,
    progress(phase, done, total) {
      const now = Date.now();
      // Always report a new phase and completion; otherwise at most every `interval`.
      if (phase !== lastPhase || done >= total || now - last >= interval) {
        last = now;
        lastPhase = phase;
        options.onProgress?.(phase, done, total);
      }
    },
    checkCancelled() {
      if (options.isCancelled?.()) throw new CancelledError();
    },
  };
}
