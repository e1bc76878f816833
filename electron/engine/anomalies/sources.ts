/**
 * The source rows behind an anomaly, paged, with the file and line each came
 * from (the same row shape as an invoice line's sources), plus the agreements
 * it concerns.
 */
import type { Sqlite } from '../../../db/open';
import type { SourceRow } from '../../../shared/api';
import { NotFoundError } from '../errors';

export interface AgreementSourceRow {
  agreement_id: string;
  account_id: string;
  file: string;
  line: number;
  start_date: string;
  end_date: string | null;
}

export interface AnomalySources {
  /** linked usage and hours rows (at most the first 1,000 the rule found) */
  total: number;
  rows: SourceRow[];
  /** how many source rows the rule found in all (may exceed `total`) */
  found: number;
  agreements: AgreementSourceRow[];
}

export function anomalySources(sqlite: Sqlite, anomalyId: string, offset: number, limit: number): AnomalySources {
  const anomaly = sqlite.prepare('SELECT details FROM anomalies WHERE id = ?').get(anomalyId) as { details: string | null } | undefined;
  if (!anomaly) throw new NotFoundError(`There is no anomaly ${anomalyId}.`);
  const details = anomaly.details ? (JSON.parse(anomaly.details) as { source_count?: unknown }) : {};
  const total = sqlite
    .prepare("SELECT count(*) FROM anomaly_sources WHERE anomaly_id = ? AND source_kind IN ('usage', 'hours')")
    .pluck()
    .get(anomalyId) as number;
  const rows = sqlite
    .prepare(
      `SELECT 'usage' AS source_kind, u.id, b.file_name AS file, u.line, u.account_id, u.metric AS item, u.quantity, u.ts AS "when",
              u.event_id AS external_id, NULL AS person
         FROM anomaly_sources s JOIN usage_records u ON u.id = CAST(s.source_id AS INTEGER) JOIN import_batches b ON b.id = u.batch_id
        WHERE s.anomaly_id = @id AND s.source_kind = 'usage'
       UNION ALL
       SELECT 'hours', t.id, b.file_name, t.line, t.account_id, t.kind || coalesce(' / ' || t.role, ''), t.hours, t.date, t.entry_id, t.person
         FROM anomaly_sources s JOIN time_entries t ON t.id = CAST(s.source_id AS INTEGER) JOIN import_batches b ON b.id = t.batch_id
        WHERE s.anomaly_id = @id AND s.source_kind = 'hours'
       ORDER BY 8, 2 LIMIT @limit OFFSET @offset`,
    )
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
