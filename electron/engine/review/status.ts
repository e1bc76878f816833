/** What is loaded: counts and the periods that have data, for the app's first screen. */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { agreements, anomalies, invoices, rejectedRows, timeEntries, usageRows } from '../../../db/schema';
import type { AnomalySummary, AppStatus } from '../../../shared/api';
import { monthsWithData } from './data-months';

export function appStatus(sqlite: Sqlite, dbPath: string, reviewer: string, hostReviewer: string): AppStatus {
  const db = dbOf(sqlite);
  const rows = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()?.n ?? 0;
  const periods = monthsWithData(sqlite);
  const ratedPeriods = db
    .selectDistinct({ period: invoices.period })
    .from(invoices)
    .orderBy(desc(invoices.period))
    .all()
    .map((r) => r.period);
  return {
    db_path: dbPath,
    reviewer,
    host_reviewer: hostReviewer,
    counts: {
      agreements: rows(agreements),
      usage: rows(usageRows),
      hours: rows(timeEntries),
      rejected: rows(rejectedRows),
      invoices: rows(invoices),
    },
    periods,
    rated_periods: ratedPeriods,
  };
}

export function listAnomalies(sqlite: Sqlite, period: string): AnomalySummary[] {
  return dbOf(sqlite)
    .select({
      anomaly_id: anomalies.id,
      rule: anomalies.rule,
      severity: anomalies.severity,
      message: anomalies.message,
      status: anomalies.status,
      account_id: anomalies.accountId,
      agreement_id: anomalies.agreementId,
      invoice_id: anomalies.invoiceId,
      person: anomalies.person,
    })
    .from(anomalies)
    .where(and(eq(anomalies.period, period), eq(anomalies.active, true)))
    .orderBy(sql`CASE ${anomalies.severity} WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`, asc(anomalies.rule), asc(anomalies.accountId))
    .all();
}
