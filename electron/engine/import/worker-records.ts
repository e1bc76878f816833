/**
 * An import's records read by a read worker (read-worker.ts) instead of on
 * the writer's thread, with the same shape as readRecords' source. Measured
 * on a million-row usage file, reading and validating took about a third of
 * the import's time on the writer's thread; beside it, on the second core,
 * they overlap SQLite's inserts (DECISIONS.md, issue 18).
 *
 * The worker starts with the first batch asked for and stops when the import
 * stops taking them: at the end of the file, on an error, or when the job is
 * cancelled (the for-await that reads the batches closes the generator).
 */
import { Worker } from 'node:worker_threads';
import { FileProblem } from './import-errors';
import type { PreparedUsage } from './prepare-usage';
import type { ImportProfile } from './profile-schema';
import type { FromReader, ReadWorkerInput, ToReader } from './read-worker-protocol';
import type { SourceRecord } from './read-records';
import { emptyFigures, type FileFigures } from './usage-figures';
import type { RowChecks } from './usage-row';

/** What importFile reads records from, on its own thread (readRecords) or through the read worker. */
export interface ImportSource {
  /** normalised column names, filled as reading starts */
  header: string[];
  emptyRows: number;
  blank: boolean;
  badUtf8Records: number;
  /** the figures of the usage rows validated where they were read (empty until the end, and when read on the writer's thread) */
  figures: FileFigures;
  /** records as read, or (after validateUsage) usage rows already validated */
  batches: AsyncGenerator<SourceRecord[] | PreparedUsage>;
  /** the file holds usage: validate its records where they are read, from the next batch on */
  validateUsage(profile: ImportProfile | null, checks: RowChecks): void;
}

const YOUNG_GENERATION_MB = 8;

export function readInWorker(script: string, input: ReadWorkerInput, onBytes: (bytes: number) => void): ImportSource {
  let worker: Worker | null = null;
  const arrived: FromReader[] = [];
  let wake: (() => void) | null = null;
  const receive = (message: FromReader) => {
    arrived.push(message);
    wake?.();
    wake = null;
  };
  const tell = (message: ToReader) => worker?.postMessage(message);

  const source: ImportSource = {
    header: [],
    emptyRows: 0,
    blank: true,
    badUtf8Records: 0,
    figures: emptyFigures(),
    batches: batches(),
    validateUsage(profile, checks) {
      tell({ type: 'usage', profile, header: source.header, checks });
    },
  };

  const setHeader = (header: string[]) => {
    if (source.header.length === 0 && header.length > 0) source.header.push(...header);
  };

  async function* batches(): AsyncGenerator<SourceRecord[] | PreparedUsage> {
    // A smaller young generation than V8's default: the import's peak RSS went from 306 to 282 MB
    // (budget 300) on a million rows, at no measurable cost in time (the worker waits on the writer).
    worker = new Worker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on('message', receive);
    worker.on('error', (error) => receive({ type: 'failed', message: error.message }));
    worker.on('exit', (code) => receive({ type: 'failed', message: `the read worker stopped (exit code ${code})` }));
    try {
      for (;;) {
        while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const message = arrived.shift()!;
        if (message.type === 'records' || message.type === 'usage') {
          onBytes(message.bytes);
          if (message.type === 'records') {
            setHeader(message.header);
            yield message.records;
          } else {
            yield message.batch;
          }
          tell({ type: 'taken' });
          // Node delivers a port's queued messages in one event-loop callback, running each one's
          // microtasks (this loop) before the next; with the worker ahead, each batch taken lets it
          // queue another, so the whole file could be stored inside that one callback, and timers and
          // signals (the CLI's Ctrl-C) would wait for its end. A turn of the event loop per batch.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else if (message.type === 'end') {
          setHeader(message.header);
          source.emptyRows = message.emptyRows;
          source.blank = message.blank;
          source.badUtf8Records = message.badUtf8Records;
          source.figures = message.figures;
          return;
        } else if (message.type === 'problem') {
          throw new FileProblem(message.message);
        } else {
          throw new Error(`Reading the file failed: ${message.message}`);
        }
      }
    } finally {
      const stopping = worker;
      worker = null;
      stopping.removeAllListeners();
      void stopping.terminate();
    }
  }

  return source;
}
