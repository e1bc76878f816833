/** The import step: several files, one transaction (a savepoint inside a command), so a failed or cancelled import changes nothing. */
import type { ImportKind } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import type { JobContext } from '../job-context';
import { inTransaction } from '../transaction';
import { basename } from 'node:path';
import { fileLabel } from './file-label';
import { ImportFileError } from '../errors';
import { importFile, type ImportFileSummary } from './import-file';
import { resolveProfile } from './profiles';
import { rollBack } from '../rollback-listeners';

export interface ImportRequest {
  files: { path: string; name?: string }[];
  kind?: ImportKind;
  /** a built-in profile's name, or the path of a .json profile file */
  profile?: string;
  /** see ImportFileOptions.bulkIndexes: faster big usage imports, with multi-second steps without progress */
  bulkIndexes?: boolean;
  /** see ImportFileOptions.readWorker */
  readWorker?: string | false;
}

/** A file refused as a whole (not text, unknown kind…): the job's other files still import. */
export interface RefusedFile {
  file: string;
  /** one sentence naming the file */
  reason: string;
}

export interface ImportResult {
  files: ImportFileSummary[];
  refused: RefusedFile[];
}

export async function importFiles(sqlite: Sqlite, request: ImportRequest, ctx: JobContext): Promise<ImportResult> {
  // Resolved once, before the transaction: a bad profile fails the job with one sentence and touches nothing.
  const profile = resolveProfile(request.profile);
  return inTransaction(sqlite, async () => {
    const results: ImportFileSummary[] = [];
    const refused: RefusedFile[] = [];
    for (const file of request.files) {
      ctx.checkCancelled();
      // Each file in a savepoint: a file refused as a whole leaves nothing behind, and the others still import.
      sqlite.exec('SAVEPOINT import_file');
      let result: ImportFileSummary;
      try {
        result = await importFile(
          sqlite,
          { ...file, kind: request.kind, profile: request.profile, resolvedProfile: profile, bulkIndexes: request.bulkIndexes, readWorker: request.readWorker },
          ctx,
        );
        sqlite.exec('RELEASE import_file');
      } catch (error) {
        rollBack(sqlite, 'ROLLBACK TO import_file');
        sqlite.exec('RELEASE import_file');
        // Cancellation and engine failures end the job; a file-level problem is that file's alone.
        if (!(error instanceof ImportFileError)) throw error;
        refused.push({ file: fileLabel(file.name ?? basename(file.path)), reason: error.message });
        continue;
      }
      results.push(result);
      appendAudit(sqlite, {
        actor: ctx.actor,
        action: 'import',
        entityType: 'import_batch',
        entityId: String(result.batchId),
        details: {
          file: result.file, kind: result.kind, profile: profile?.name ?? null, rows: result.rows, imported: result.imported,
          duplicates: result.duplicates, rejected: result.rejected, ...(result.notes?.length ? { notes: result.notes } : {}),
        },
      });
    }
    // Nothing imported at all: the job fails with the (first) file's sentence, as a single-file import always did.
    if (results.length === 0 && refused.length > 0) throw new ImportFileError(refused.map((r) => r.reason).join(' '));
    for (const r of refused) {
      appendAudit(sqlite, { actor: ctx.actor, action: 'import.refused', entityType: 'file', entityId: r.file, reason: r.reason });
    }
    // Re-rating the rated periods the rows fall into is the import command's next step (commands/import-files.ts).
    return { files: results, refused };
  });
}
