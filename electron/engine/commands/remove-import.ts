/**
 * Undoing an import (`import.undo`, `billing undo`): its rows leave, then the
 * rated periods they fed are re-rated, in one transaction. The drafts are
 * read first, so drafts the undo deletes count as changed.
 */
import type { RerateImpact } from '../../../shared/api';
import { assertUndoAllowed } from '../controls/undo-guard';
import { ratedPeriods } from '../import/rated-periods';
import { undoImport, type UndoImportResult } from '../import/undo-import';
import { command } from './command';
import { rerate, snapshotDrafts } from './rerate-affected';

export interface RemoveImportResult extends UndoImportResult {
  rerated: RerateImpact[];
}

export const removeImportCommand = command({
  run: (sqlite, args: { batchId: number; reason: string | null }, ctx): RemoveImportResult => {
    assertUndoAllowed(sqlite, args.batchId);
    const before = snapshotDrafts(sqlite, ratedPeriods(sqlite));
    const undone = undoImport(sqlite, args.batchId, ctx, args.reason);
    return { ...undone, rerated: rerate(sqlite, undone.periods, ctx, 'undo', before) };
  },
});
