/**
 * What undoing an import must respect beyond billing (import/undo-import.ts):
 * a closed period it fed stays as closed, and a row a reviewer excluded keeps
 * its correction (re-include it first, so no correction points at nothing).
 */
import type { Sqlite } from '../../../db/open';
import { ImportConflictError } from '../errors';
import { getImportBatch } from '../import/import-batches';
import { closedPeriodsOfBatch, lockedSentence } from './period-locks';

export function assertUndoAllowed(sqlite: Sqlite, batchId: number): void {
  const batch = getImportBatch(sqlite, batchId);
  // A missing or already undone import is refused by the undo itself, in its own words.
  if (!batch || batch.status === 'undone') return;
  const closed = closedPeriodsOfBatch(sqlite, batchId, batch.kind);
  if (closed[0]) throw new ImportConflictError(lockedSentence(closed[0], `import ${batchId} (${batch.file}) cannot be undone`));
  // Rollups cannot be excluded one by one (only usage records and time entries can).
  if (batch.kind === 'agreements' || batch.kind === 'usage_rollup') return;
  const table = batch.kind === 'usage' ? 'usage_rows' : 'time_entries';
  const excluded = sqlite
    .prepare(`SELECT c.source_id FROM corrections c JOIN ${table} r ON r.id = c.source_id WHERE c.kind = 'exclude_row' AND c.removed_at IS NULL AND c.source_kind = ? AND r.batch_id = ? ORDER BY c.source_id LIMIT 4`)
    .pluck()
    .all(batch.kind, batchId) as number[];
  if (excluded.length) {
    const rows = `${excluded.slice(0, 3).join(', ')}${excluded.length > 3 ? ' and more' : ''}`;
    throw new ImportConflictError(`Import ${batchId} (${batch.file}) cannot be undone because reviewers excluded its row${excluded.length === 1 ? '' : 's'} ${rows}; include ${excluded.length === 1 ? 'it' : 'them'} again first.`);
  }
}
