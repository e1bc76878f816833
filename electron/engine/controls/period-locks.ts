/**
 * Period close and reopen (change-control.md "Locks and four eyes"). A closed
 * period's invoices stay exactly as they were when it closed: rating,
 * adjustments, approvals, corrections and undoing an import that fed it are
 * refused, each with one sentence naming the lock. Rows dated in a closed
 * period still import; they stay unbilled and reconciliation says why.
 */
import { periodsOfBatch } from '../import/batch-rows';
import type { Sqlite } from '../../../db/open';
import type { ImportKind } from '../../../shared/api';
import { isPeriod } from '../../../shared/period';
import { appendAudit } from '../audit/audit-log';
import { ConflictError } from '../errors';

export interface PeriodLock {
  period: string;
  reason: string;
  closed_by: string;
  closed_at: string;
}

const SELECT = 'SELECT period, reason, closed_by, created_at AS closed_at FROM period_locks';

export function periodLock(sqlite: Sqlite, period: string): PeriodLock | undefined {
  return sqlite.prepare(`${SELECT} WHERE period = ?`).get(period) as PeriodLock | undefined;
}

/** Every closed period, newest first. */
export function periodLocks(sqlite: Sqlite): PeriodLock[] {
  return sqlite.prepare(`${SELECT} ORDER BY period DESC`).all() as PeriodLock[];
}

/** The sentence every refusal shares: what is refused, which period, who closed it and why. */
export function lockedSentence(lock: PeriodLock, refused: string): string {
  return `Period ${lock.period} is closed (by ${lock.closed_by}: ${lock.reason.replace(/[.!?]+$/, '')}), so ${refused}; reopen it first.`;
}

/** Throws ConflictError when the period is closed; `refused` completes "so …", e.g. "it cannot be rated". */
export function assertPeriodOpen(sqlite: Sqlite, period: string, refused: string): void {
  const lock = periodLock(sqlite, period);
  if (lock) throw new ConflictError(lockedSentence(lock, refused));
}

function checkReason(reason: string, what: string): string {
  const text = reason.trim();
  if (text.length < 3) throw new ConflictError(`${what} a period needs a reason.`);
  return text;
}

export function closePeriod(sqlite: Sqlite, period: string, reason: string, actor: string): PeriodLock {
  if (!isPeriod(period)) throw new ConflictError(`"${period}" is not a billing period; expected YYYY-MM.`);
  const text = checkReason(reason, 'Closing');
  return sqlite.transaction(() => {
    const lock = periodLock(sqlite, period);
    if (lock) throw new ConflictError(`Period ${period} is already closed (by ${lock.closed_by} at ${lock.closed_at}).`);
    sqlite.prepare('INSERT INTO period_locks (period, reason, closed_by) VALUES (?, ?, ?)').run(period, text, actor);
    const invoices = sqlite.prepare("SELECT status, count(*) AS n FROM invoices WHERE period = ? AND document_type = 'invoice' GROUP BY status").all(period) as { status: string; n: number }[];
    appendAudit(sqlite, { actor, action: 'close_period', entityType: 'period', entityId: period, reason: text, details: { invoices: Object.fromEntries(invoices.map((r) => [r.status, r.n])) } });
    return periodLock(sqlite, period)!;
  })();
}

export function reopenPeriod(sqlite: Sqlite, period: string, reason: string, actor: string): { period: string; reopened_by: string } {
  const text = checkReason(reason, 'Reopening');
  return sqlite.transaction(() => {
    const lock = periodLock(sqlite, period);
    if (!lock) throw new ConflictError(`Period ${period} is not closed.`);
    sqlite.prepare('DELETE FROM period_locks WHERE period = ?').run(period);
    appendAudit(sqlite, { actor, action: 'reopen_period', entityType: 'period', entityId: period, reason: text, details: { closed_by: lock.closed_by, closed_at: lock.closed_at, close_reason: lock.reason } });
    return { period, reopened_by: actor };
  })();
}

/** The closed periods an import batch's rows fall into (usage by timestamp, hours by date, agreements by active dates). */
export function closedPeriodsOfBatch(sqlite: Sqlite, batchId: number, kind: ImportKind): PeriodLock[] {
  const locks = periodLocks(sqlite);
  if (locks.length === 0) return [];
  const touches = periodsOfBatch(sqlite, batchId, kind);
  return locks.filter((lock) => touches(lock.period));
}
