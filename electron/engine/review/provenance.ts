/**
 * Provenance the other way round: from a source row to the invoice line that
 * billed it, and the period's rows that no invoice billed.
 */
import type { Sqlite } from '../../../db/open';
import type { SourceBilling, SourceRow } from '../../../shared/api';
import { parsePeriod } from '../../../shared/period';
import { atSql, tsSql } from '../usage-time';

export function billingOfSource(sqlite: Sqlite, sourceKind: 'usage' | 'hours', sourceId: number): SourceBilling[] {
  const charges = sqlite
    .prepare(
      sourceKind === 'usage'
        ? `SELECT DISTINCT s.invoice_id, s.charge_position, i.status, i.period, i.currency
           FROM usage_records u JOIN usage_spans s ON s.account_id = u.account_id AND s.metric = u.metric
             AND u.at >= ${atSql('s.ts_from')} AND u.at < ${atSql('s.ts_to')} AND u.id <= s.max_usage_id
           JOIN invoices i ON i.id = s.invoice_id
           WHERE u.id = ? ORDER BY i.period, s.invoice_id`
        : `SELECT s.invoice_id, s.charge_position, i.status, i.period, i.currency
           FROM line_sources s JOIN invoices i ON i.id = s.invoice_id
           WHERE s.source_kind = 'hours' AND s.source_id = ? ORDER BY i.period, s.invoice_id`,
    )
    .all(sourceId) as { invoice_id: string; charge_position: number; status: SourceBilling['status']; period: string; currency: string }[];
  const lines = sqlite.prepare('SELECT id AS line_id, description, amount FROM invoice_lines WHERE invoice_id = ? AND charge_position = ? ORDER BY position');
  return charges.map((c) => ({ ...c, lines: lines.all(c.invoice_id, c.charge_position) as SourceBilling['lines'] }));
}

/** The period's usage records or billable time entries that no invoice billed, paged. */
export function unbilledSources(sqlite: Sqlite, periodId: string, kind: 'usage' | 'hours', offset: number, limit: number): { total: number; rows: SourceRow[] } {
  const period = parsePeriod(periodId);
  const usage = kind === 'usage';
  const from = usage
    ? // Series by series (CROSS JOIN keeps that order): no index leads with a usage row's time.
      `FROM usage_series us CROSS JOIN usage_rows r ON r.series_id = us.id AND r.at >= ${atSql('@start')} AND r.at < ${atSql('@end')}
       JOIN import_batches b ON b.id = r.batch_id
       WHERE NOT EXISTS (SELECT 1 FROM usage_spans s WHERE s.account_id = us.account_id AND s.metric = us.metric
                           AND r.at >= ${atSql('s.ts_from')} AND r.at < ${atSql('s.ts_to')} AND r.id <= s.max_usage_id)`
    : `FROM time_entries r JOIN import_batches b ON b.id = r.batch_id
       WHERE r.date >= @first AND r.date <= @last AND r.billable = 1
         AND NOT EXISTS (SELECT 1 FROM line_sources s WHERE s.source_kind = 'hours' AND s.source_id = r.id)`;
  const params = { start: period.startTs, end: period.endTs, first: period.first, last: period.last };
  const total = sqlite.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const columns = usage
    ? `'usage' AS source_kind, r.id, b.file_name AS file, r.line, us.account_id, us.metric AS item, r.quantity, ${tsSql('r.at')} AS "when", r.event_id AS external_id, NULL AS person`
    : `'hours' AS source_kind, r.id, b.file_name AS file, r.line, r.account_id, r.kind || coalesce(' / ' || r.role, '') AS item, r.hours AS quantity, r.date AS "when", r.entry_id AS external_id, r.person`;
  const rows = sqlite.prepare(`SELECT ${columns} ${from} ORDER BY account_id, "when", r.id LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }) as SourceRow[];
  return { total, rows };
}
