/** What is loaded: counts and the periods that have data, for the app's first screen. */
import type { Sqlite } from '../../../db/open';
import type { AnomalySummary, AppStatus } from '../../../shared/api';

export function appStatus(sqlite: Sqlite, dbPath: string, reviewer: string, hostReviewer: string): AppStatus {
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const periods = sqlite
    .prepare(
      `SELECT period FROM (
         SELECT DISTINCT substr(ts, 1, 7) AS period FROM usage_records
         UNION SELECT DISTINCT substr(date, 1, 7) FROM time_entries
         UNION SELECT DISTINCT period FROM invoices)
       ORDER BY period DESC`,
    )
    .pluck()
    .all() as string[];
  const ratedPeriods = sqlite.prepare('SELECT DISTINCT period FROM invoices ORDER BY period DESC').pluck().all() as string[];
  return {
    dbPath,
    reviewer,
    hostReviewer,
    counts: {
      agreements: count('agreements'),
      usage: count('usage_records'),
      hours: count('time_entries'),
      rejected: count('rejected_rows'),
      invoices: count('invoices'),
    },
    periods,
    ratedPeriods,
  };
}

export function listAnomalies(sqlite: Sqlite, period: string): AnomalySummary[] {
  return sqlite
    .prepare(
      `SELECT id AS anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person
       FROM anomalies WHERE period = ? AND active
       ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule, account_id`,
    )
    .all(period) as AnomalySummary[];
}
