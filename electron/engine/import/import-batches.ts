/** The import history: one plain object per imported file, newest first. */
import type { Sqlite } from '../../../db/open';
import type { ImportKind } from '../../../shared/api';

export interface ImportBatchInfo {
  batchId: number;
  file: string;
  kind: ImportKind;
  profile: string | null;
  fileSize: number;
  sha256: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  durationMs: number;
  status: 'complete' | 'undone';
  importedBy: string;
  importedAt: string;
  /** what the import noticed about the file as a whole (encoding, rows with bad bytes…); empty for imports made before notes were kept */
  notes: string[];
}

const COLUMNS = `id AS batchId, file_name AS file, kind, profile, file_size AS fileSize, sha256, rows, imported, duplicates, rejected,
  duration_ms AS durationMs, status, imported_by AS importedBy, created_at AS importedAt, notes`;

type BatchRow = Omit<ImportBatchInfo, 'notes'> & { notes: string | null };

function withNotes(row: BatchRow): ImportBatchInfo {
  return { ...row, notes: row.notes === null ? [] : (JSON.parse(row.notes) as string[]) };
}

export function listImportBatches(sqlite: Sqlite): ImportBatchInfo[] {
  return (sqlite.prepare(`SELECT ${COLUMNS} FROM import_batches ORDER BY id DESC`).all() as BatchRow[]).map(withNotes);
}

export function getImportBatch(sqlite: Sqlite, batchId: number): ImportBatchInfo | null {
  const row = sqlite.prepare(`SELECT ${COLUMNS} FROM import_batches WHERE id = ?`).get(batchId) as BatchRow | undefined;
  return row ? withNotes(row) : null;
}
