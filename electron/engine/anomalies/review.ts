/**
 * Reviewing anomalies: acknowledge (with a note), dismiss as expected (with a
 * reason), reopen. Each is recorded in the audit trail with who, when, what
 * and why. The status lives on the fingerprinted row, so it survives
 * re-rating and re-detection.
 */
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
import type { Severity } from '../../../shared/domain';
import { ConflictError, NotFoundError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import type { DetailValue } from './types';

export type AnomalyStatus = 'open' | 'acknowledged' | 'dismissed';

/** One stored anomaly, as the review screens show it. */
export interface AnomalyRecord {
  anomaly_id: string;
  period: string;
  rule: string;
  severity: Severity;
  message: string;
  status: AnomalyStatus;
  status_note: string | null;
  active: boolean;
  account_id: string | null;
  agreement_id: string | null;
  invoice_id: string | null;
  line_id: number | null;
  person: string | null;
  metric: string | null;
  details: Record<string, DetailValue>;
  first_seen_at: string;
  last_seen_at: string;
}

interface Row extends Omit<AnomalyRecord, 'anomaly_id' | 'active' | 'details'> {
  id: string;
  active: number;
  details: string | null;
}

const COLUMNS = `id, period, rule, severity, message, status, status_note, active, account_id, agreement_id, invoice_id, line_id,
  person, metric, details, created_at AS first_seen_at, last_seen_at`;

function toRecord(row: Row): AnomalyRecord {
  const { id, active, details, ...rest } = row;
  return { anomaly_id: id, ...rest, active: active === 1, details: details ? (JSON.parse(details) as Record<string, DetailValue>) : {} };
}

export function getAnomaly(sqlite: Sqlite, id: string): AnomalyRecord {
  const row = sqlite.prepare(`SELECT ${COLUMNS} FROM anomalies WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw new NotFoundError(`There is no anomaly ${id}.`);
  return toRecord(row);
}

/** The period's anomalies with their details and review notes, most severe first (inactive ones only when asked). */
export function listAnomalyRecords(sqlite: Sqlite, period: string, options: { includeInactive?: boolean } = {}): AnomalyRecord[] {
  const rows = sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM anomalies WHERE period = ? ${options.includeInactive ? '' : 'AND active'}
       ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule, account_id, id`,
    )
    .all(period) as Row[];
  return rows.map(toRecord);
}

const required = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, { message: `${what} is required` }).max(2000);

function transition(
  sqlite: Sqlite,
  id: string,
  actor: string,
  to: AnomalyStatus,
  allowedFrom: readonly AnomalyStatus[],
  note: string | null,
  action: string,
): AnomalyRecord {
  return sqlite.transaction(() => {
    const current = getAnomaly(sqlite, id);
    if (!allowedFrom.includes(current.status)) {
      throw new ConflictError(`Anomaly ${id} is ${current.status}; it cannot be ${to === 'open' ? 'reopened' : to} from there.`);
    }
    sqlite.prepare('UPDATE anomalies SET status = ?, status_note = ? WHERE id = ?').run(to, note, id);
    appendAudit(sqlite, {
      actor,
      action,
      entityType: 'anomaly',
      entityId: id,
      reason: note,
      details: { rule: current.rule, period: current.period, invoice_id: current.invoice_id, from: current.status, to, message: current.message },
    });
    return getAnomaly(sqlite, id);
  })();
}

/** Marks an open anomaly as seen and handled; the note says how. */
export function acknowledgeAnomaly(sqlite: Sqlite, id: string, actor: string, note: string): AnomalyRecord {
  const text = required('A note').parse(note);
  return transition(sqlite, id, actor, 'acknowledged', ['open'], text, 'acknowledge_anomaly');
}

/** Dismisses an anomaly as expected (open or acknowledged); the reason says why. */
export function dismissAnomaly(sqlite: Sqlite, id: string, actor: string, reason: string): AnomalyRecord {
  const text = required('A reason').parse(reason);
  return transition(sqlite, id, actor, 'dismissed', ['open', 'acknowledged'], text, 'dismiss_anomaly');
}

/** Puts an acknowledged or dismissed anomaly back to open; a note is optional. */
export function reopenAnomaly(sqlite: Sqlite, id: string, actor: string, note?: string): AnomalyRecord {
  const text = note?.trim() ? note.trim() : null;
  return transition(sqlite, id, actor, 'open', ['acknowledged', 'dismissed'], text, 'reopen_anomaly');
}
