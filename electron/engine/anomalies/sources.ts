/**
 * The source rows behind an anomaly, with the file and line each came from
 * (the same row shape as an invoice line's sources), sorted and paged over all
 * of them, and as CSV; plus the agreements it concerns.
 *
 * A finding's rows are its usage ranges (anomaly_source_ranges: every record
 * of an account's metric in a time range, between two ids, optionally above a
 * quantity) and the rows it names one by one (anomaly_sources). The ranges of
 * one finding never overlap each other or its named rows, so UNION ALL lists
 * each row once.
 */
import type { Sqlite } from '../../../db/open';
import type { SourceRow } from '../../../shared/api';
import { NotFoundError } from '../errors';
import { EXCLUDED_USAGE_IDS } from './data/excluded-rows';
import { HOURS_COLUMNS, MAX_CSV_ROWS, ROW_COLUMNS, USAGE_COLUMNS, orderBy, sourceCsv, sourceCsvLines, type SourceOrder } from './source-rows';
import { atSql } from '../usage-time';

export interface AgreementSourceRow {
  agreement_id: string;
  account_id: string;
  file: string;
  line: number;
  start_date: string;
  end_date: string | null;
}

export interface AnomalySources {
  /** every usage record and time entry behind the finding */
  total: number;
  rows: SourceRow[];
  /** how many source rows the rule counted (details.source_count; usage_spike counts the whole period without linking rows) */
  found: number;
  agreements: AgreementSourceRow[];
}

/** Every usage record and time entry of the finding @id, as rows of USAGE_COLUMNS / HOURS_COLUMNS. */
const FINDING_ROWS = `
  SELECT ${USAGE_COLUMNS}
    FROM anomaly_source_ranges r
    JOIN usage_records u ON u.account_id = r.account_id AND u.metric = r.metric AND u.at >= ${atSql('r.ts_from')} AND u.at < ${atSql('r.ts_to')}
     AND u.id > r.after_usage_id AND u.id <= r.max_usage_id AND (r.above_scaled IS NULL OR u.quantity_scaled > r.above_scaled)
     AND u.id NOT IN (${EXCLUDED_USAGE_IDS})
    JOIN import_batches b ON b.id = u.batch_id
   WHERE r.anomaly_id = @id
  UNION ALL
  SELECT ${USAGE_COLUMNS}
    FROM anomaly_sources s JOIN usage_records u ON u.id = CAST(s.source_id AS INTEGER) JOIN import_batches b ON b.id = u.batch_id
   WHERE s.anomaly_id = @id AND s.source_kind = 'usage'
  UNION ALL
  SELECT ${HOURS_COLUMNS}
    FROM anomaly_sources s JOIN time_entries t ON t.id = CAST(s.source_id AS INTEGER) JOIN import_batches b ON b.id = t.batch_id
   WHERE s.anomaly_id = @id AND s.source_kind = 'hours'`;

function findingDetails(sqlite: Sqlite, anomalyId: string): { source_count?: unknown } {
  const anomaly = sqlite.prepare('SELECT details FROM anomalies WHERE id = ?').get(anomalyId) as { details: string | null } | undefined;
  if (!anomaly) throw new NotFoundError(`There is no anomaly ${anomalyId}.`);
  return anomaly.details ? (JSON.parse(anomaly.details) as { source_count?: unknown }) : {};
}

function countRows(sqlite: Sqlite, anomalyId: string): number {
  return sqlite.prepare(`SELECT count(*) FROM (${FINDING_ROWS})`).pluck().get({ id: anomalyId }) as number;
}

export function anomalySources(sqlite: Sqlite, anomalyId: string, offset: number, limit: number, order: SourceOrder = {}): AnomalySources {
  const details = findingDetails(sqlite, anomalyId);
  const total = countRows(sqlite, anomalyId);
  const rows = sqlite
    .prepare(`SELECT ${ROW_COLUMNS} FROM (${FINDING_ROWS}) p ${orderBy(order)} LIMIT @limit OFFSET @offset`)
    .all({ id: anomalyId, limit, offset }) as SourceRow[];
  const agreements = sqlite
    .prepare(
      `SELECT a.id AS agreement_id, a.account_id, b.file_name AS file, a.line, a.start_date, a.end_date
         FROM anomaly_sources s JOIN agreements a ON a.id = s.source_id JOIN import_batches b ON b.id = a.batch_id
        WHERE s.anomaly_id = ? AND s.source_kind = 'agreement' ORDER BY a.start_date, a.id`,
    )
    .all(anomalyId) as AgreementSourceRow[];
  return { total, rows, found: typeof details.source_count === 'number' ? details.source_count : total, agreements };
}

function iterateRows(sqlite: Sqlite, anomalyId: string, order: SourceOrder, limit: number | null): IterableIterator<SourceRow> {
  findingDetails(sqlite, anomalyId);
  const cap = limit === null ? '' : `LIMIT ${limit}`;
  return sqlite.prepare(`SELECT ${ROW_COLUMNS} FROM (${FINDING_ROWS}) p ${orderBy(order)} ${cap}`).iterate({ id: anomalyId }) as IterableIterator<SourceRow>;
}

const fileNameOf = (anomalyId: string) => `anomaly-${anomalyId.slice(0, 12)}-rows.csv`;

/** The finding's rows as one formula-safe CSV (at most MAX_CSV_ROWS; `total` says how many there are). */
export function anomalySourcesCsv(sqlite: Sqlite, anomalyId: string, order: SourceOrder = {}): { fileName: string; csv: string; rows: number; total: number } {
  const total = countRows(sqlite, anomalyId);
  return sourceCsv(iterateRows(sqlite, anomalyId, order, MAX_CSV_ROWS), false, total, fileNameOf(anomalyId));
}

/** Every row of the finding as CSV lines, for the CLI to stream to a file (no cap). */
export function anomalySourcesCsvLines(sqlite: Sqlite, anomalyId: string, order: SourceOrder = {}): Generator<string> {
  return sourceCsvLines(iterateRows(sqlite, anomalyId, order, null), false);
}
