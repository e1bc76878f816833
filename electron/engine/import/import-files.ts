/** The import job: several files, one transaction, so a failed or cancelled job changes nothing. */
import type { ImportKind } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import type { JobContext } from '../jobs/job-context';
import { inTransaction } from '../jobs/transaction';
import { ratedPeriodsOfBatch, rerate, type RerateImpact } from '../rating/rerate-affected';
import { importFile, type ImportFileSummary } from './import-file';
import { resolveProfile } from './profiles';

export interface ImportRequest {
  files: { path: string; name?: string }[];
  kind?: ImportKind;
  /** a built-in profile's name, or the path of a .json profile file */
  profile?: string;
  /** see ImportFileOptions.bulkIndexes: faster big usage imports, with multi-second steps without progress */
  bulkIndexes?: boolean;
}

export interface ImportResult {
  files: ImportFileSummary[];
  /** rated periods the new rows fall into, re-rated in the same transaction (drafts never go stale) */
  rerated: RerateImpact[];
}

export async function importFiles(sqlite: Sqlite, request: ImportRequest, ctx: JobContext): Promise<ImportResult> {
  // Resolved once, before the transaction: a bad profile fails the job with one sentence and touches nothing.
  const profile = resolveProfile(request.profile);
  return inTransaction(sqlite, async () => {
    const results: ImportFileSummary[] = [];
    for (const file of request.files) {
      ctx.checkCancelled();
      const result = await importFile(
        sqlite,
        { ...file, kind: request.kind, profile: request.profile, resolvedProfile: profile, bulkIndexes: request.bulkIndexes },
        ctx,
      );
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
    const periods = new Set(results.flatMap((r) => ratedPeriodsOfBatch(sqlite, r.batchId, r.kind)));
    const rerated = rerate(sqlite, [...periods].sort(), ctx);
    // COMMIT (and SQLite's WAL checkpoint after it) takes seconds on a million rows: name the phase.
    ctx.progress('Saving', 0, 1);
    return { files: results, rerated };
  });
}
