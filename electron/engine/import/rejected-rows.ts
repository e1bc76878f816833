/**
 * Rejected rows for review: a page of one import's rejections, and the CSV a
 * reviewer exports to send back to whoever owns the source system.
 *
 * The export selects either one import (batch id) or a billing period. A
 * rejected row has no trustworthy date of its own (that is often why it was
 * rejected), so "the rejections of period P" means the rejections of every
 * import, not undone, that either brought rows dated in P (usage timestamps,
 * hours dates, agreements active in P) or was imported between the start of P
 * and the end of the following month (when P's files arrive), so a file whose
 * rows were all rejected is not left out.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Sqlite } from '../../../db/open';
import { nextPeriod, parsePeriod } from '../../../shared/period';
import { csvLine } from './csv-safe';

export interface RejectedRow {
  id: number;
  batchId: number;
  line: number;
  field: string | null;
  reason: string;
  raw: string;
}

export interface RejectedRowsPage {
  total: number;
  rows: RejectedRow[];
}

export type RejectedSelector = number | { period: string };

const MAX_PAGE = 1000;

/** One page of an import's rejected rows, in file order. */
export function rejectedRows(sqlite: Sqlite, batchId: number, offset = 0, limit = 100): RejectedRowsPage {
  const safeLimit = Math.max(0, Math.min(MAX_PAGE, Math.floor(limit)));
  const safeOffset = Math.max(0, Math.floor(offset));
  const total = sqlite.prepare('SELECT count(*) FROM rejected_rows WHERE batch_id = ?').pluck().get(batchId) as number;
  const rows = sqlite
    .prepare(
      `SELECT id, batch_id AS batchId, line, field, reason, raw FROM rejected_rows
       WHERE batch_id = ? ORDER BY line, id LIMIT ? OFFSET ?`,
    )
    .all(batchId, safeLimit, safeOffset) as RejectedRow[];
  return { total, rows };
}

/** The batches a selector means (see the header comment for periods). */
export function batchesFor(sqlite: Sqlite, selector: RejectedSelector): number[] {
  if (typeof selector === 'number') return [selector];
  const p = parsePeriod(selector.period);
  const arrivalEnd = parsePeriod(nextPeriod(p.id)).endTs;
  return sqlite
    .prepare(
      `SELECT id FROM import_batches b WHERE b.status = 'complete' AND (
         (b.created_at >= @start AND b.created_at < @arrivalEnd)
         OR EXISTS (SELECT 1 FROM usage_records u WHERE u.batch_id = b.id AND u.ts >= @start AND u.ts < @end)
         OR EXISTS (SELECT 1 FROM time_entries t WHERE t.batch_id = b.id AND t.date >= @first AND t.date <= @last)
         OR EXISTS (SELECT 1 FROM agreements a WHERE a.batch_id = b.id AND a.start_date <= @last AND (a.end_date IS NULL OR a.end_date >= @first))
       ) ORDER BY id`,
    )
    .pluck()
    .all({ start: p.startTs, end: p.endTs, arrivalEnd, first: p.first, last: p.last }) as number[];
}

const HEADER = ['file', 'import_id', 'imported_at', 'line', 'field', 'reason', 'raw'];
/** Excel opens a UTF-8 CSV without a byte-order mark as Windows-1252 and garbles every accent. */
const BOM = '\uFEFF';

function* csvLines(sqlite: Sqlite, selector: RejectedSelector): Generator<string> {
  yield csvLine(HEADER);
  const query = sqlite.prepare(
    `SELECT b.file_name, b.id, b.created_at, r.line, r.field, r.reason, r.raw
     FROM rejected_rows r JOIN import_batches b ON b.id = r.batch_id
     WHERE r.batch_id = ? ORDER BY r.line, r.id`,
  );
  for (const batchId of batchesFor(sqlite, selector)) {
    for (const row of query.raw().iterate(batchId) as IterableIterator<[string, number, string, number, string | null, string, string]>) {
      yield csvLine(row);
    }
  }
}

/** The rejected rows as formula-safe CSV text (UTF-8 BOM, CRLF line ends). */
export function exportRejectedRowsCsv(sqlite: Sqlite, selector: RejectedSelector): string {
  let out = BOM;
  for (const line of csvLines(sqlite, selector)) out += `${line}\r\n`;
  return out;
}

/** The same CSV written to a file in pieces, for exports too big to hold as one string. Returns the data rows written. */
export function writeRejectedRowsCsv(sqlite: Sqlite, selector: RejectedSelector, path: string): { rows: number } {
  const fd = openSync(path, 'w');
  let rows = -1;
  let pending = BOM;
  try {
    for (const line of csvLines(sqlite, selector)) {
      rows++;
      pending += `${line}\r\n`;
      if (pending.length > 1 << 16) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    if (pending) writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  return { rows };
}
