/**
 * The source rows an invoice line was computed from (its charge's usage spans
 * or time entries), sorted and paged over all of them, and as CSV. Opened
 * from an anomaly, each row says whether that finding points at it
 * (`flagged`), so the reviewer sees which of the line's rows are in question.
 */
import type { Sqlite } from '../../../db/open';
import type { SourceRow } from '../../../shared/api';
import { NotFoundError } from '../errors';
import { QUANTITY_SCALE } from '../../../db/schema';
import { ROLLUP_SPAN_ROWS, SPAN_ROWS } from './invoice-queries';
import { HOURS_COLUMNS, MAX_CSV_ROWS, ROW_COLUMNS, USAGE_COLUMNS, orderBy, sourceCsv, withFlag, type SourceOrder } from '../anomalies/source-rows';

export interface LineSourceOptions extends SourceOrder {
  /** mark the rows this anomaly points at */
  anomalyId?: string;
}

/** A usage rollup (alias r) as a source row: quantity is its sum, when its day, external_id its source. */
const ROLLUP_COLUMNS = `'usage_rollup' AS source_kind, r.id, b.file_name AS file, r.line, r.account_id, r.metric AS item, r.sum AS quantity, r.day AS "when",
  r.source AS external_id, NULL AS person, CAST(r.sum AS REAL) * 1e${QUANTITY_SCALE} AS qkey`;

/** The time entries and the usage rollups of the line's charge (@invoice, @position). */
const HOURS_AND_ROLLUP_ROWS = `
  SELECT ${HOURS_COLUMNS}
    FROM line_sources s JOIN time_entries t ON s.source_kind = 'hours' AND t.id = s.source_id JOIN import_batches b ON b.id = t.batch_id
   WHERE s.invoice_id = @invoice AND s.charge_position = @position
  UNION ALL
  SELECT ${ROLLUP_COLUMNS}
    FROM usage_rollup_spans s ${ROLLUP_SPAN_ROWS} JOIN import_batches b ON b.id = r.batch_id
   WHERE s.invoice_id = @invoice AND s.charge_position = @position`;

/** Every row of the line's charge (@invoice, @position), as rows of USAGE_COLUMNS / HOURS_COLUMNS. */
const LINE_ROWS = `
  SELECT ${USAGE_COLUMNS}
    FROM usage_spans s ${SPAN_ROWS} JOIN import_batches b ON b.id = u.batch_id
   WHERE s.invoice_id = @invoice AND s.charge_position = @position
  UNION ALL ${HOURS_AND_ROLLUP_ROWS}`;

/**
 * How many rows LINE_ROWS has, read from index keys only: usage records from usage_series_at
 * (the batch join cannot drop a row, batch_id is a NOT NULL foreign key), so a million-row line is
 * counted without a million table reads.
 */
const LINE_ROW_COUNT = `SELECT
  (SELECT count(*) FROM usage_spans s ${SPAN_ROWS} WHERE s.invoice_id = @invoice AND s.charge_position = @position)
  + (SELECT count(*) FROM line_sources s JOIN time_entries t ON s.source_kind = 'hours' AND t.id = s.source_id WHERE s.invoice_id = @invoice AND s.charge_position = @position)
  + (SELECT count(*) FROM usage_rollup_spans s ${ROLLUP_SPAN_ROWS} WHERE s.invoice_id = @invoice AND s.charge_position = @position)`;

/**
 * LINE_ROWS cut for a page in time order (the drawer's default): each of the line's usage spans
 * (@span0, @span1, …) gives only its first @offset + @limit records, walked in usage_series_at
 * order, so the first page of a million-row line reads a hundred index entries instead of sorting a
 * million rows. The page is among them: it is the first rows of their union in the same order. A span
 * joined by its id is one row, which is what lets SQLite keep the index's order (joined by invoice and
 * position it may be several, and SQLite sorts everything).
 */
/** The most spans timeOrderedRows unions (below SQLite's 500-term limit on a compound SELECT, with room for the rest). */
const MAX_SPAN_TERMS = 200;

function timeOrderedRows(spans: number, desc: boolean): string {
  const direction = desc ? 'DESC' : 'ASC';
  const usage = Array.from(
    { length: spans },
    (_, i) => `SELECT * FROM (SELECT ${USAGE_COLUMNS}
      FROM usage_spans s ${SPAN_ROWS} JOIN import_batches b ON b.id = u.batch_id
     WHERE s.id = @span${i} ORDER BY u.at ${direction}, u.id ${direction} LIMIT @offset + @limit)`,
  );
  return [...usage, HOURS_AND_ROLLUP_ROWS].join('\n  UNION ALL ');
}



/** Whether the anomaly @anomaly points at row p (one of its usage ranges holds it, or it names the row); NULL without an anomaly. */
const FLAG = `CASE WHEN @anomaly IS NULL THEN NULL
  WHEN p.source_kind = 'usage' THEN
    EXISTS (SELECT 1 FROM anomaly_source_ranges r WHERE r.anomaly_id = @anomaly AND r.account_id = p.account_id AND r.metric = p.item
              AND p."when" >= r.ts_from AND p."when" < r.ts_to AND p.id > r.after_usage_id AND p.id <= r.max_usage_id
              AND (r.above_scaled IS NULL OR p.qkey > r.above_scaled))
    OR EXISTS (SELECT 1 FROM anomaly_sources a WHERE a.anomaly_id = @anomaly AND a.source_kind = 'usage' AND a.source_id = CAST(p.id AS TEXT))
  WHEN p.source_kind = 'hours' THEN EXISTS (SELECT 1 FROM anomaly_sources a WHERE a.anomaly_id = @anomaly AND a.source_kind = 'hours' AND a.source_id = CAST(p.id AS TEXT))
  ELSE 0
END`;

interface LineKey {
  invoice: string;
  position: number;
  anomaly: string | null;
}

function lineKey(sqlite: Sqlite, lineId: number, anomalyId: string | undefined): LineKey | null {
  const line = sqlite.prepare('SELECT invoice_id, charge_position FROM invoice_lines WHERE id = ?').get(lineId) as
    | { invoice_id: string; charge_position: number | null }
    | undefined;
  if (!line) throw new NotFoundError(`There is no invoice line ${lineId}.`);
  if (anomalyId !== undefined && !sqlite.prepare('SELECT 1 FROM anomalies WHERE id = ?').get(anomalyId)) throw new NotFoundError(`There is no anomaly ${anomalyId}.`);
  return line.charge_position === null ? null : { invoice: line.invoice_id, position: line.charge_position, anomaly: anomalyId ?? null };
}

/**
 * The rows in the asked order, from `offset`, at most `limit`. The flag is
 * worked out for the page only, unless the rows are sorted by it.
 */
function pagedRows(sqlite: Sqlite, key: LineKey, order: SourceOrder, offset: number, limit: number): SourceRow[] {
  const byFlag = order.sort === 'flagged';
  // In time order each usage span is read along its index and cut at the page's end; other orders sort all the rows.
  const inTimeOrder = (order.sort ?? 'when') === 'when';
  const lineSpans = inTimeOrder ? (sqlite.prepare('SELECT id FROM usage_spans WHERE invoice_id = @invoice AND charge_position = @position ORDER BY id').pluck().all(key) as number[]) : [];
  // One UNION ALL term per span: SQLite refuses a compound SELECT of more than 500 terms, so a line cut
  // into very many spans (rollup days cut out of its month, say) is read the general way.
  const spans = inTimeOrder && lineSpans.length <= MAX_SPAN_TERMS ? lineSpans : null;
  const rows = spans ? timeOrderedRows(spans.length, order.desc ?? false) : LINE_ROWS;
  const inner = byFlag ? `SELECT p.*, ${FLAG} AS flagged FROM (${rows}) p` : `SELECT * FROM (${rows}) p`;
  const page = `SELECT * FROM (${inner}) p ${orderBy(order)} LIMIT @limit OFFSET @offset`;
  const sql = `SELECT ${ROW_COLUMNS}, ${byFlag ? 'p.flagged' : `${FLAG} AS flagged`} FROM (${page}) p ${orderBy(order)}`;
  const spanIds = Object.fromEntries((spans ?? []).map((id, i) => [`span${i}`, id]));
  return (sqlite.prepare(sql).all({ ...key, ...spanIds, limit, offset }) as SourceRow[]).map(withFlag);
}

/** Marks the rows of a page a reviewer excluded from billing (controls/corrections.ts): they stay the line's rows, not billed. */
function withExclusions(sqlite: Sqlite, rows: SourceRow[]): SourceRow[] {
  if (rows.length === 0) return rows;
  const found = sqlite
    .prepare(
      `SELECT c.source_kind, c.source_id, c.id, c.reason, c.actor, c.created_at AS at FROM json_each(?) j
       JOIN corrections c ON c.kind = 'exclude_row' AND c.removed_at IS NULL AND c.source_kind = json_extract(j.value, '$[0]') AND c.source_id = json_extract(j.value, '$[1]')`,
    )
    .all(JSON.stringify(rows.map((r) => [r.source_kind, r.id]))) as { source_kind: string; source_id: number; id: number; reason: string; actor: string; at: string }[];
  if (found.length === 0) return rows;
  const byRow = new Map(found.map((f) => [`${f.source_kind}:${f.source_id}`, { correction_id: f.id, reason: f.reason, actor: f.actor, at: f.at }]));
  return rows.map((r) => {
    const excluded = byRow.get(`${r.source_kind}:${r.id}`);
    return excluded ? { ...r, excluded } : r;
  });
}

/** Adds a rollup row's other figures (count, max, latest record) to the page's rollup rows. */
function withRollupFigures(sqlite: Sqlite, rows: SourceRow[]): SourceRow[] {
  const ids = rows.filter((r) => r.source_kind === 'usage_rollup').map((r) => r.id);
  if (ids.length === 0) return rows;
  const found = sqlite
    .prepare('SELECT r.id, r.count, r.max, r.last_ts, r.last_quantity, r.source FROM json_each(?) j JOIN usage_rollups r ON r.id = j.value')
    .all(JSON.stringify(ids)) as { id: number; count: number; max: string; last_ts: string; last_quantity: string; source: string }[];
  const byId = new Map(found.map(({ id, ...figures }) => [id, figures]));
  return rows.map((r) => (r.source_kind === 'usage_rollup' && byId.has(r.id) ? { ...r, rollup: byId.get(r.id)! } : r));
}

/** The page's rows, and with an anomaly how many of all the line's rows it flags. */
function keyedPage(sqlite: Sqlite, key: LineKey, offset: number, limit: number, options: LineSourceOptions): { rows: SourceRow[]; flagged?: number } {
  const rows = withRollupFigures(sqlite, withExclusions(sqlite, pagedRows(sqlite, key, options, offset, limit)));
  if (key.anomaly === null) return { rows };
  const flagged = sqlite.prepare(`SELECT count(*) FROM (${LINE_ROWS}) p WHERE ${FLAG}`).pluck().get(key) as number;
  return { rows, flagged };
}

/** The source rows a line was computed from (its charge's rows), sorted and paged; with an anomaly, how many it flags. */
export function lineSourceRows(sqlite: Sqlite, lineId: number, offset: number, limit: number, options: LineSourceOptions = {}): { total: number; rows: SourceRow[]; flagged?: number } {
  const key = lineKey(sqlite, lineId, options.anomalyId);
  if (!key) return options.anomalyId === undefined ? { total: 0, rows: [] } : { total: 0, rows: [], flagged: 0 };
  const total = sqlite.prepare(LINE_ROW_COUNT).pluck().get(key) as number;
  return { total, ...keyedPage(sqlite, key, offset, limit, options) };
}

/**
 * lineSourceRows without the total, for a caller that has the line's count already (invoices.get's
 * source_count, counted the same way): counting a million-row line's rows takes longer than reading
 * its first page.
 */
export function lineSourcePage(sqlite: Sqlite, lineId: number, offset: number, limit: number, options: LineSourceOptions = {}): { rows: SourceRow[]; flagged?: number } {
  const key = lineKey(sqlite, lineId, options.anomalyId);
  if (!key) return options.anomalyId === undefined ? { rows: [] } : { rows: [], flagged: 0 };
  return keyedPage(sqlite, key, offset, limit, options);
}

/** The line's rows as one formula-safe CSV (at most MAX_CSV_ROWS), with a flagged column when asked for an anomaly. */
export function lineSourcesCsv(sqlite: Sqlite, lineId: number, options: LineSourceOptions = {}): { fileName: string; csv: string; rows: number; total: number } {
  const key = lineKey(sqlite, lineId, options.anomalyId);
  const fileName = `invoice-line-${lineId}-rows.csv`;
  const withAnomaly = options.anomalyId !== undefined;
  if (!key) return sourceCsv([], withAnomaly, 0, fileName);
  const total = sqlite.prepare(LINE_ROW_COUNT).pluck().get(key) as number;
  const rows = pagedRows(sqlite, key, options, 0, MAX_CSV_ROWS);
  return sourceCsv(rows, withAnomaly, total, fileName);
}
