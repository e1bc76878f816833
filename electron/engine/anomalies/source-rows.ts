/**
 * What an invoice line's and an anomaly's source rows have in common: the
 * columns of a row (usage record or time entry, with the file and line it came
 * from), the order a reviewer asks for, and the formula-safe CSV of them all.
 *
 * Sorting happens in SQLite over every row of the selection, so page 57 of a
 * finding sorted by quantity is page 57 of all its rows, not of what was
 * loaded. Quantities sort by value (quantity_scaled, exact; a quantity with
 * no scaled form by its REAL value, close enough for an order).
 */
import { QUANTITY_SCALE } from '../../../db/schema';
import type { SourceRow, SourceSortColumn } from '../../../shared/api';
import { csvLine, type CsvValue } from '../import/csv-safe';

/** The SELECT list of a usage record (alias u, its import batch b), plus qkey, the value quantities sort by. */
export const USAGE_COLUMNS = `'usage' AS source_kind, u.id, b.file_name AS file, u.line, u.account_id, u.metric AS item, u.quantity, u.ts AS "when",
  u.event_id AS external_id, NULL AS person, coalesce(u.quantity_scaled, CAST(u.quantity AS REAL) * 1e${QUANTITY_SCALE}) AS qkey`;

/** The same for a time entry (alias t). */
export const HOURS_COLUMNS = `'hours' AS source_kind, t.id, b.file_name AS file, t.line, t.account_id, t.kind || coalesce(' / ' || t.role, '') AS item,
  t.hours AS quantity, t.date AS "when", t.entry_id AS external_id, t.person, CAST(t.hours AS REAL) * 1e${QUANTITY_SCALE} AS qkey`;

/** The columns a SourceRow has, read from a subquery of USAGE_COLUMNS / HOURS_COLUMNS rows (alias p). */
export const ROW_COLUMNS = 'p.source_kind, p.id, p.file, p.line, p.account_id, p.item, p.quantity, p."when", p.external_id, p.person';

const SORT_SQL: Record<SourceSortColumn | 'flagged', string> = {
  when: 'p."when"',
  file: 'p.file',
  line: 'p.line',
  account_id: 'p.account_id',
  item: 'p.item',
  quantity: 'p.qkey',
  external_id: 'p.external_id',
  person: 'p.person',
  id: 'p.id',
  flagged: 'p.flagged',
};

export interface SourceOrder {
  sort?: SourceSortColumn | 'flagged';
  desc?: boolean;
}

/** ORDER BY for the rows of subquery p: the asked column, then time, kind and id so that paging is stable. */
export function orderBy({ sort = 'when', desc = false }: SourceOrder): string {
  const direction = desc ? 'DESC' : 'ASC';
  return `ORDER BY ${SORT_SQL[sort]} ${direction}, p."when" ${direction}, p.source_kind, p.id ${direction}`;
}

/** A download the renderer holds in memory; bigger selections are exported from the CLI (`billing anomalies sources ID --csv`). */
export const MAX_CSV_ROWS = 200_000;
/** Excel opens a UTF-8 CSV without a byte-order mark as Windows-1252 and garbles every accent. */
const BOM = '\uFEFF';
const HEADER = ['kind', 'id', 'file', 'line', 'account_id', 'item', 'quantity', 'when', 'external_id', 'person'];

type CsvRow = Pick<SourceRow, 'source_kind' | 'id' | 'file' | 'line' | 'account_id' | 'item' | 'quantity' | 'when' | 'external_id' | 'person' | 'flagged'>;

/** The header line and each row's line of a source-row CSV (a `flagged` column when the rows carry one). */
export function* sourceCsvLines(rows: Iterable<CsvRow>, withFlag: boolean): Generator<string> {
  yield `${BOM}${csvLine(withFlag ? [...HEADER, 'flagged'] : HEADER)}\r\n`;
  for (const r of rows) {
    const cells: CsvValue[] = [r.source_kind, r.id, r.file, r.line, r.account_id, r.item, r.quantity, r.when, r.external_id, r.person];
    if (withFlag) cells.push(r.flagged ? 'yes' : 'no');
    yield `${csvLine(cells)}\r\n`;
  }
}

/** Rows (the caller's query stops at MAX_CSV_ROWS) as one CSV text; `total` says how many the selection has in all. */
export function sourceCsv(rows: Iterable<CsvRow>, withFlag: boolean, total: number, fileName: string): { fileName: string; csv: string; rows: number; total: number } {
  const parts = [...sourceCsvLines(rows, withFlag)];
  return { fileName, csv: parts.join(''), rows: parts.length - 1, total };
}

/** SQLite hands back flagged as 0/1 (NULL without an anomaly); the API speaks booleans and leaves it out when not asked. */
export function withFlag(row: SourceRow): SourceRow {
  const raw = row.flagged as unknown;
  const out = { ...row };
  if (raw === null || raw === undefined) delete out.flagged;
  else out.flagged = raw === 1;
  return out;
}
