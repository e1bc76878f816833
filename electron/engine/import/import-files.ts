/** The import job: several files, one transaction, so a failed or cancelled job changes nothing. */
import type { ImportKind } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import type { JobContext } from '../jobs/job-context';
import { inTransaction } from '../jobs/transaction';
import { importFile, type ImportFileSummary } from './import-file';

export interface ImportRequest {
  files: { path: string; name?: string }[];
  kind?: ImportKind;
  profile?: string;
}

export async function importFiles(sqlite: Sqlite, request: ImportRequest, ctx: JobContext): Promise<ImportFileSummary[]> {
  return inTransaction(sqlite, async () => {
    const results: ImportFileSummary[] = [];
    for (const file of request.files) {
      ctx.checkCancelled();
      const result = await importFile(sqlite, { ...file, kind: request.kind, profile: request.profile }, ctx);
      results.push(result);
      appendAudit(sqlite, {
        actor: ctx.actor,
        action: 'import',
        entityType: 'import_batch',
        entityId: String(result.batchId),
        details: { file: result.file, kind: result.kind, rows: result.rows, imported: result.imported, duplicates: result.duplicates, rejected: result.rejected },
      });
    }
    return results;
  });
}
