/**
 * Importing files (`import.files`, `billing import`): the files' rows, then a
 * re-rate of every rated period they fall into, so drafts never go stale
 * (change-control.md). One command, one transaction: a failed re-rate leaves
 * no imported row behind.
 */
import type { RerateImpact } from '../../../shared/api';
import { importFiles, type ImportRequest, type ImportResult } from '../import/import-files';
import { ratedPeriodsOfBatch } from '../import/rated-periods';
import { command } from './command';
import { rerate } from './rerate-affected';

export interface ImportCommandResult extends ImportResult {
  /** rated periods the new rows fall into, re-rated in the same transaction */
  rerated: RerateImpact[];
}

export const importFilesCommand = command({
  run: async (sqlite, args: ImportRequest, ctx): Promise<ImportCommandResult> => {
    const imported = await importFiles(sqlite, args, ctx);
    const periods = new Set(imported.files.flatMap((r) => ratedPeriodsOfBatch(sqlite, r.batchId, r.kind)));
    const rerated = rerate(sqlite, [...periods].sort(), ctx, 'import');
    // COMMIT (and SQLite's WAL checkpoint after it) takes seconds on a million rows: name the phase.
    ctx.progress('Saving', 0, 1);
    return { ...imported, rerated };
  },
});
