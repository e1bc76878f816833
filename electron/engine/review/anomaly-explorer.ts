/**
 * The anomaly explorer: every active finding of a period with the account's
 * name, the deal owner (from the agreement the finding concerns), the
 * invoice's status, the review note and how many source rows the rule linked.
 * Also bulk acknowledgement: one transaction, one audit entry per anomaly.
 */
import type { Sqlite } from '../../../db/open';
import type { AnomalyRow } from '../../../shared/api';
import { acknowledgeAnomaly, getAnomaly } from '../anomalies/review';
import { lineKeysById } from './invoice-queries';

export function exploreAnomalies(sqlite: Sqlite, period: string): AnomalyRow[] {
  const rows = sqlite
    .prepare(
      `WITH listed AS (SELECT id FROM anomalies WHERE period = @period AND active),
       counts AS (
         SELECT anomaly_id, sum(n) AS n FROM (
           SELECT s.anomaly_id, count(*) AS n FROM anomaly_sources s
           WHERE s.source_kind IN ('usage', 'hours') AND s.anomaly_id IN listed GROUP BY s.anomaly_id
           UNION ALL
           -- usage ranges count what they selected when detected (a re-rate after an import undo recounts them)
           SELECT r.anomaly_id, sum(r.records) FROM anomaly_source_ranges r WHERE r.anomaly_id IN listed GROUP BY r.anomaly_id)
         GROUP BY anomaly_id)
       SELECT n.id AS anomaly_id, n.rule, n.severity, n.message, n.status, n.account_id, n.agreement_id, n.invoice_id, n.person,
              acc.name AS account_name, a.owner, n.line_id, n.metric, i.status AS invoice_status, n.status_note,
              n.created_at AS first_seen, coalesce(c.n, 0) AS source_count
       FROM anomalies n
         LEFT JOIN accounts acc ON acc.id = n.account_id
         LEFT JOIN agreements a ON a.id = n.agreement_id
         LEFT JOIN invoices i ON i.id = n.invoice_id
         LEFT JOIN counts c ON c.anomaly_id = n.id
       WHERE n.period = @period AND n.active
       ORDER BY CASE n.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, n.rule, n.account_id, n.id`,
    )
    .all({ period }) as Omit<AnomalyRow, 'line_key'>[];
  const keys = lineKeysById(sqlite, rows.flatMap((r) => (r.line_id === null ? [] : [r.line_id])));
  return rows.map((r) => ({ ...r, line_key: r.line_id === null ? null : (keys.get(r.line_id) ?? null) }));
}

/**
 * Acknowledges the open anomalies among `ids` with one note, all or nothing.
 * Ids already acknowledged or dismissed are left as they are (a bulk selection
 * often includes some); an unknown id refuses the whole request.
 */
export function acknowledgeMany(sqlite: Sqlite, ids: string[], note: string, actor: string): { acknowledged: number } {
  return sqlite.transaction(() => {
    let acknowledged = 0;
    for (const id of new Set(ids)) {
      if (getAnomaly(sqlite, id).status !== 'open') continue;
      acknowledgeAnomaly(sqlite, id, actor, note);
      acknowledged++;
    }
    return { acknowledged };
  }).immediate();
}
