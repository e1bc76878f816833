/** The messages between an import and its read worker (read-worker.ts, worker-records.ts). */
import type { Delimiter } from './csv-dialect';
import type { PreparedUsage } from './prepare-usage';
import type { ImportProfile } from './profile-schema';
import type { FileFormat, SourceRecord } from './read-records';
import type { TextEncodingName } from './text-encoding';
import type { FileFigures } from './usage-figures';
import type { RowChecks } from './usage-row';

export interface ReadWorkerInput {
  path: string;
  format: FileFormat;
  encoding: TextEncodingName;
  delimiter?: Delimiter;
  badUtf8: boolean;
}

/** To the worker: a batch was taken (room for one more), or the file holds usage (validate from now on). */
export type ToReader =
  | { type: 'taken' }
  | { type: 'usage'; profile: ImportProfile | null; header: string[]; checks: RowChecks };

/** From the worker, in file order; 'end', 'problem' or 'failed' is the last. */
export type FromReader =
  | { type: 'records'; records: SourceRecord[]; header: string[]; bytes: number }
  | { type: 'usage'; batch: PreparedUsage; bytes: number }
  | { type: 'end'; header: string[]; emptyRows: number; blank: boolean; badUtf8Records: number; figures: FileFigures }
  | { type: 'problem'; message: string }
  | { type: 'failed'; message: string };
