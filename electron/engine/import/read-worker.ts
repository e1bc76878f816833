/**
 * The read worker (bundled as out/read-worker.mjs): reads one file's records
 * beside the thread that writes them (worker-records.ts), so parsing and
 * validating a big usage file no longer waits on SQLite, nor SQLite on them.
 *
 * It posts batches in file order and at most READ_AHEAD of them before the
 * writer has taken one, so memory stays bounded however fast it reads. Until
 * the writer names the file usage it posts records as read; from then on it
 * validates them too (prepare-usage.ts) and posts the values to store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createProfileMapper, type ProfileMapper } from './apply-profile';
import { FileProblem } from './import-errors';
import { FilePairs, prepareUsage } from './prepare-usage';
import { readRecords } from './read-records';
import type { FromReader, ReadWorkerInput, ToReader } from './read-worker-protocol';
import { emptyFigures } from './usage-figures';
import type { RowChecks } from './usage-row';

/** Batches (of 64 KiB of the file each) posted before the writer takes one. */
const READ_AHEAD = 4;

const port = parentPort!;
const input = workerData as ReadWorkerInput;
let credits = READ_AHEAD;
let wakeReader: (() => void) | null = null;
let usage: { mapper: ProfileMapper | null; checks: RowChecks } | null = null;
/** every valid row's figures, posted with 'end' (usage-figures.ts) */
const figures = emptyFigures();
/** the file's (account, metric) pairs, numbered across its batches */
const pairs = new FilePairs();

port.on('message', (message: ToReader) => {
  if (message.type === 'taken') {
    credits++;
    wakeReader?.();
    wakeReader = null;
  } else {
    usage = { mapper: message.profile ? createProfileMapper(message.profile, message.header) : null, checks: message.checks };
  }
});

const post = (message: FromReader) => port.postMessage(message);

async function read(): Promise<void> {
  let bytes = 0;
  const source = readRecords(input.path, { format: input.format, encoding: input.encoding, delimiter: input.delimiter, badUtf8: input.badUtf8, onBytes: (b) => (bytes = b) });
  for await (const records of source.batches) {
    while (credits === 0) await new Promise<void>((resolve) => (wakeReader = resolve));
    credits--;
    if (usage) post({ type: 'usage', batch: prepareUsage(records, usage.mapper, usage.checks, figures, pairs), bytes });
    else post({ type: 'records', records, header: source.header, bytes });
  }
  post({ type: 'end', header: source.header, emptyRows: source.emptyRows, blank: source.blank, badUtf8Records: source.badUtf8Records, figures });
}

read().catch((error: unknown) => {
  post(
    error instanceof FileProblem
      ? { type: 'problem', message: error.message }
      : { type: 'failed', message: error instanceof Error ? error.message : String(error) },
  );
});
