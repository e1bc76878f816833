/**
 * Rejected rows as the Import page shows them: every import's rejections (or
 * one import's), searchable, grouped by the field that failed, and exportable
 * as the same selection in a formula-safe CSV. Rows are never deleted here: a
 * rejected row is kept until its import is undone.
 */
import type { Sqlite } from '../../../db/open';
import { csvLine, type CsvValue } from '../import/csv-safe';

export interface RejectionFilter {
  batchId?: number;
  /** matched case-insensitively against the reason, the field and the raw text */
  search?: string;
  /** one field's rejections; '' means rows rejected as a whole (no single field) */
  field?: string;
}

export interface RejectionRow {
  id: number;
  batch_id: number;
  file: string;
  line: number;
  field: string | null;
  reason: string;
  raw: string;
}

function where(filter: RejectionFilter): { sql: string; params: Record<string, unknown> } {
  const clauses = ["b.status = 'complete'"];
  const params: Record<string, unknown> = {};
  if (filter.batchId !== undefined) {
    clauses.push('r.batch_id = @batchId');
    params.batchId = filter.batchId;
  }
  if (filter.field !== undefined) {
    clauses.push(filter.field === '' ? 'r.field IS NULL' : 'r.field = @field');
    if (filter.field !== '') params.field = filter.field;
  }
  const search = filter.search?.trim();
  if (search) {
    // instr() on lower-cased text: a literal match, so % and _ typed by a user mean themselves.
    clauses.push("(instr(lower(r.reason), @search) > 0 OR instr(lower(coalesce(r.field, '')), @search) > 0 OR instr(lower(r.raw), @search) > 0)");
    params.search = search.toLowerCase();
  }
  return { sql: clauses.join(' AND '), params };
}

const FROM = 'FROM rejected_rows r JOIN import_batches b ON b.id = r.batch_id';

export function rejectionsPage(sqlite: Sqlite, filter: RejectionFilter, offset: number, limit: number) {
  const w = where(filter);
  const total = sqlite.prepare(`SELECT count(*) ${FROM} WHERE ${w.sql}`).pluck().get(w.params) as number;
  const rows = sqlite
    .prepare(
      `SELECT r.id, r.batch_id, b.file_name AS file, r.line, r.field, r.reason, r.raw ${FROM}
       WHERE ${w.sql} ORDER BY r.batch_id DESC, r.line, r.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...w.params, limit, offset }) as RejectionRow[];
  // The field facets ignore the field filter itself, so the reviewer can switch between them.
  const facetFilter = { ...filter };
  delete facetFilter.field;
  const f = where(facetFilter);
  const fields = sqlite
    .prepare(`SELECT r.field AS field, count(*) AS count ${FROM} WHERE ${f.sql} GROUP BY r.field ORDER BY count DESC, r.field`)
    .all(f.params) as { field: string | null; count: number }[];
  return { total, rows, fields };
}

const HEADER = ['file', 'import_id', 'imported_at', 'line', 'field', 'reason', 'raw'];
/** Excel opens a UTF-8 CSV without a byte-order mark as Windows-1252 and garbles every accent. */
const BOM = '\uFEFF';
/** A download the renderer holds in memory; bigger selections are exported from the CLI. */
export const MAX_CSV_ROWS = 200_000;

export function rejectionsCsv(sqlite: Sqlite, filter: RejectionFilter): { fileName: string; csv: string; rows: number } {
  const w = where(filter);
  const query = sqlite
    .prepare(`SELECT b.file_name, r.batch_id, b.created_at, r.line, r.field, r.reason, r.raw ${FROM} WHERE ${w.sql} ORDER BY r.batch_id, r.line, r.id LIMIT ${MAX_CSV_ROWS}`)
    .raw();
  const parts = [BOM, csvLine(HEADER), '\r\n'];
  let rows = 0;
  for (const row of query.iterate(w.params) as IterableIterator<CsvValue[]>) {
    parts.push(csvLine(row), '\r\n');
    rows++;
  }
  const scope = filter.batchId !== undefined ? `import-${filter.batchId}` : 'all-imports';
  return { fileName: `rejected-rows-${scope}.csv`, csv: parts.join(''), rows };
}
